//! What a screen's update may touch besides its own state: the language,
//! the shared lists, the status line, the popup in front, and which screen
//! shows. A move to another screen with its loads (`goto`) is asked for
//! here and made by the app.

use super::modal::Modal;
use super::msg::Screen;
use crate::domain::lifecycle::Channel;
use crate::i18n::Lang;
use crate::store::request::Category;
use crate::store::staff::Staff;

pub struct Ctx<'a> {
    pub lang: Lang,
    pub categories: &'a [Category],
    pub staff: &'a [Staff],
    pub status: &'a mut Option<(String, bool)>,
    pub modal: &'a mut Option<Modal>,
    /// The screen shown; set directly when the screen's own effects load it.
    pub screen: &'a mut Screen,
    /// Go to a screen as its key does (with its loads).
    pub goto: Option<Screen>,
    /// The size of the screen's body (between the tabs and the status line).
    pub body: (u16, u16),
    /// Open a fresh register form for this household.
    pub register: Option<RegisterFrom>,
}

/// A register form asked for from another screen.
#[derive(Debug, Clone)]
pub struct RegisterFrom {
    pub household: (i64, String),
    pub channel: Option<Channel>,
}

impl Ctx<'_> {
    pub fn info(&mut self, s: String) {
        *self.status = Some((s, false));
    }
    pub fn error(&mut self, s: String) {
        *self.status = Some((s, true));
    }
    pub fn t(&self, zh: &str, en: &str) -> String {
        self.lang.pick(zh, en).to_string()
    }
    pub fn prompt(&mut self, zh: &str, en: &str, purpose: super::modal::PromptFor) {
        *self.modal = Some(Modal::prompt(self.lang, zh, en, purpose));
    }
}
