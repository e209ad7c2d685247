/// What one logical line of a configuration file says.
enum ConfigLine: Sendable, Equatable {
    /// `[name]`, `[name](!)`, `[name](tmpl,...)`, `[name](+)`.
    case header(ConfigSectionHeader)
    /// `key=value`, `key => value`, or `key+=value` (appends to the last value of that key).
    case entry(key: String, value: String, isArrow: Bool, appends: Bool)
    /// `#include file`, `#tryinclude file`, `#exec ...`: the name after `#` and
    /// the argument, with surrounding quotes or angle brackets removed.
    case directive(name: String, argument: String)
}
