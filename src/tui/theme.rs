//! The dashboard's colours per role and its symbols, from `[theme]` of config.toml.
//! Every state has its own symbol as well as its colour, so `NO_COLOR` (or a colour
//! the eye cannot tell apart) loses nothing.

use ratatui::style::Color;
use slawatch_core::sla::Urgency;

/// Which characters mark states and chart series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbols {
    /// ✖ ▲ △ ● ⏸ ✔, and █ ▒ ░ in the chart.
    Unicode,
    /// X ! ^ o = v, and # + . in the chart, for fonts without those.
    Ascii,
}

impl Symbols {
    pub const NAMES: [&'static str; 2] = ["unicode", "ascii"];

    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "unicode" => Some(Symbols::Unicode),
            "ascii" => Some(Symbols::Ascii),
            _ => None,
        }
    }
}

/// The colour of each role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub breached: Color,
    pub critical: Color,
    pub warning: Color,
    pub ok: Color,
    pub paused: Color,
    pub done: Color,
    pub accent: Color,
    pub dim: Color,
    pub symbols: Symbols,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            breached: Color::Red,
            critical: Color::LightRed,
            warning: Color::Yellow,
            ok: Color::Green,
            paused: Color::Blue,
            done: Color::DarkGray,
            accent: Color::Cyan,
            dim: Color::DarkGray,
            symbols: Symbols::Unicode,
        }
    }
}

/// The roles `[theme]` colours.
pub const ROLES: [&str; 8] = [
    "breached", "critical", "warning", "ok", "paused", "done", "accent", "dim",
];

/// The colour names `[theme]` knows (besides `#rrggbb`).
pub const COLOURS: [(&str, Color); 17] = [
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark_gray", Color::DarkGray),
    ("light_red", Color::LightRed),
    ("light_green", Color::LightGreen),
    ("light_yellow", Color::LightYellow),
    ("light_blue", Color::LightBlue),
    ("light_magenta", Color::LightMagenta),
    ("light_cyan", Color::LightCyan),
    ("white", Color::White),
];

/// `green`, `light_blue` or `#1e90ff` as a colour.
#[must_use]
pub fn colour(name: &str) -> Option<Color> {
    if let Some(hex) = name.strip_prefix('#') {
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let n = u32::from_str_radix(hex, 16).ok()?;
        let [_, r, g, b] = n.to_be_bytes();
        return Some(Color::Rgb(r, g, b));
    }
    COLOURS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

impl Theme {
    /// Sets the colour of `role`; false for an unknown role.
    pub fn set(&mut self, role: &str, c: Color) -> bool {
        let slot = match role {
            "breached" => &mut self.breached,
            "critical" => &mut self.critical,
            "warning" => &mut self.warning,
            "ok" => &mut self.ok,
            "paused" => &mut self.paused,
            "done" => &mut self.done,
            "accent" => &mut self.accent,
            "dim" => &mut self.dim,
            _ => return false,
        };
        *slot = c;
        true
    }

    #[must_use]
    pub fn urgency(&self, u: Urgency) -> Color {
        match u {
            Urgency::Breached => self.breached,
            Urgency::Critical => self.critical,
            Urgency::Warning => self.warning,
            Urgency::Fine => self.ok,
            Urgency::Paused => self.paused,
            Urgency::Done => self.done,
        }
    }

    /// The symbol of `u` (each state its own).
    #[must_use]
    pub fn symbol(&self, u: Urgency) -> &'static str {
        match self.symbols {
            Symbols::Unicode => u.symbol(),
            Symbols::Ascii => match u {
                Urgency::Breached => "X",
                Urgency::Critical => "!",
                Urgency::Warning => "^",
                Urgency::Fine => "o",
                Urgency::Paused => "=",
                Urgency::Done => "v",
            },
        }
    }

    /// A running clock outside business hours.
    #[must_use]
    pub fn off_hours(&self) -> &'static str {
        match self.symbols {
            Symbols::Unicode => "☾",
            Symbols::Ascii => "~",
        }
    }

    /// The fill of the adherence chart's three series: respond, attend, resolve.
    #[must_use]
    pub fn series(&self) -> [char; 3] {
        match self.symbols {
            Symbols::Unicode => ['█', '▒', '░'],
            Symbols::Ascii => ['#', '+', '.'],
        }
    }
}
