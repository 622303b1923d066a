//! Every action a key can trigger. The keymap names them; help and the
//! footer list them in this order.

use crate::i18n::Lang;

macro_rules! actions {
    ($($var:ident = ($name:literal, $zh:literal, $en:literal)),+ $(,)?) => {
        /// A named action, bound to keys by the keymap.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Act { $($var),+ }
        impl Act {
            pub const ALL: &'static [Act] = &[$(Act::$var),+];
            pub fn name(self) -> &'static str { match self { $(Act::$var => $name),+ } }
            pub fn from_name(s: &str) -> Option<Act> { Act::ALL.iter().copied().find(|a| a.name() == s) }
            pub fn label(self, l: Lang) -> &'static str { match self { $(Act::$var => l.pick($zh, $en)),+ } }
        }
    };
}

actions! {
    Today = ("today", "今日", "today"),
    Register = ("register", "登记", "register"),
    Lookup = ("lookup", "查户", "lookup"),
    Requests = ("requests", "办件", "requests"),
    Handover = ("handover", "交接班", "handover"),
    Reports = ("reports", "统计", "reports"),
    Help = ("help", "帮助", "help"),
    Quit = ("quit", "退出", "quit"),
    Save = ("save", "保存", "save"),
    Select = ("select", "选定", "select"),
    Back = ("back", "返回", "back"),
    NextField = ("next_field", "下一项", "next field"),
    PrevField = ("prev_field", "上一项", "previous field"),
    Up = ("up", "上移", "up"),
    Down = ("down", "下移", "down"),
    PageUp = ("page_up", "上翻页", "page up"),
    PageDown = ("page_down", "下翻页", "page down"),
    Top = ("top", "首行", "first"),
    Bottom = ("bottom", "末行", "last"),
    Toggle = ("toggle", "勾选", "tick"),
    Reload = ("reload", "刷新", "reload"),
    Visit = ("visit", "记走访", "visit"),
    NewRequest = ("new_request", "新登记", "new request"),
    Browse = ("browse", "楼栋浏览", "browse"),
    Reveal = ("reveal", "显示证件号", "reveal IDs"),
    View = ("view", "切换视图", "view"),
    Filter = ("filter", "筛选", "filter"),
    Assign = ("assign", "派遣", "assign"),
    Note = ("note", "内部备注", "note"),
    Reply = ("reply", "答复居民", "reply"),
    Step = ("step", "办理", "step"),
    Wait = ("wait", "挂起/恢复", "wait/resume"),
    Escalate = ("escalate", "上报", "escalate"),
    Return = ("return", "回退", "return"),
    Resolve = ("resolve", "办结", "resolve"),
    FollowUp = ("follow_up", "回访", "follow-up"),
    Reopen = ("reopen", "重办", "reopen"),
    Cancel = ("cancel", "撤销", "cancel"),
    Print = ("print", "打印", "print"),
    CustodyIn = ("custody_in", "收材料", "take original"),
    CustodyOut = ("custody_out", "还材料", "hand back"),
    EndShift = ("end_shift", "交班", "end shift"),
    Accept = ("accept", "接班", "accept"),
    Period = ("period", "时段", "period"),
    Left = ("left", "左移", "left"),
    Right = ("right", "右移", "right"),
    Jump = ("jump", "跳到房号", "go to room"),
    Admin = ("admin", "设置", "admin"),
    AdminAdd = ("add", "新增", "add"),
    AdminRole = ("role_or_rename", "人员角色/网格改名", "staff role / rename"),
    AdminHall = ("hall", "所属服务站", "hall"),
    AdminDisable = ("disable", "停用/启用人员", "disable/enable"),
    AdminLimit = ("limit", "办理时限", "time limit"),
    AdminMaterials = ("materials", "所需材料", "materials"),
    AdminDepartment = ("department", "承办部门", "department"),
    AdminInUse = ("in_use", "停用/恢复类别", "out of use/back"),
    Decisions = ("decisions", "议事", "decisions"),
    ConfirmWeek = ("confirm_week", "确认周报", "confirm week"),
    Party = ("party", "党员", "party"),
    Active = ("active", "全部/活跃/未参加", "all/active/inactive"),
    Claim = ("claim", "认领", "claim"),
    Withdraw = ("withdraw", "撤回认领", "withdraw claim"),
    Deliver = ("deliver", "已送达", "delivered"),
    Thanks = ("thanks", "记感谢", "thanks"),
    Points = ("points", "积分", "points"),
    Letter = ("letter", "反馈函", "letter"),
    Join = ("join", "加入队员", "add to team"),
    RecordHelp = ("record_help", "记帮扶", "record help"),
    Pair = ("pair", "金拐杖结对", "pair a helper"),
    Settle = ("settle", "记议定事项", "settle an issue"),
    NewRound = ("new_round", "重新提议", "new round"),
    KindInUse = ("kind_in_use", "停用/恢复类型", "kind out of use/back"),
    RecordStep = ("record_step", "记录下一步", "record next step"),
}
