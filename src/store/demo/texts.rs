//! What the demo's staff write: descriptions, results, reasons and notes,
//! in the words a hall uses.

use super::people::Rng;
use crate::store::request::Category;
use std::collections::HashMap;

pub(super) const VISIT_NOTES: &[&str] = &[
    "了解家庭近况",
    "走访独居老人",
    "宣传政策",
    "核对人口信息",
    "听取意见建议",
    "节日慰问",
];

pub(super) const ESCALATE: &[&str] = &[
    "需上级协调",
    "涉及多个部门",
    "本级无法解决",
    "当事人不接受调解",
];

pub(super) const RETURN: &[&str] = &["本级可以处理，退回下级办理", "属片区职责范围"];

pub(super) const WAIT: &[&str] = &["等待居民补交材料", "等待部门答复", "等待现场勘查"];

pub(super) const CANCEL: &[&str] = &["居民撤回诉求", "重复登记", "已自行解决"];

pub(super) const REOPEN: &[&str] = &["回访时居民反映问题仍未解决", "居民对处理结果有异议"];

pub(super) const NOTES: &[&str] = &[
    "已电话联系居民，约定上门时间",
    "已与相关部门沟通",
    "材料已核对无误",
];

pub(super) const REPLIES: &[&str] = &["已告知居民办理进度", "已答复居民，预计近日办结"];

pub(super) const HANDOVER: &[&str] = &[
    "无遗留事项",
    "有在办事项，详见交接单",
    "明日需回访已办结事项",
    "有居民材料在册，注意归还",
];

pub(super) fn describe(
    rng: &mut Rng,
    cat: &str,
    cats: &HashMap<String, Category>,
    who: &str,
) -> String {
    let pick = |rng: &mut Rng, v: &[&str]| v[rng.below(v.len() as u64) as usize].to_string();
    match cat {
        "dispute" => pick(
            rng,
            &[
                "楼上漏水影响楼下，双方协商未果",
                "邻里噪音纠纷",
                "停车位占用纠纷",
                "宠物扰民引发争执",
                "相邻墙体开裂责任争议",
                "家庭赡养纠纷",
            ],
        ),
        "micro_wish" => pick(
            rng,
            &[
                "留守儿童希望有一个新书包",
                "独居老人希望有人陪同就医",
                "希望得到一台助听器",
                "孩子希望有一套课外读物",
                "老人希望修好家里的电视",
            ],
        ),
        "repair" => pick(
            rng,
            &[
                "门前小巷路面破损，需硬化",
                "楼前路灯不亮",
                "下水道堵塞返水",
                "单元门禁损坏",
                "楼道灯损坏",
            ],
        ),
        "property" => pick(
            rng,
            &[
                "电梯经常故障",
                "小区垃圾清运不及时",
                "物业费收费标准争议",
                "绿化带被占用种菜",
            ],
        ),
        "safety" => pick(
            rng,
            &[
                "楼道堆放杂物存在消防隐患",
                "电动车楼道内充电",
                "夜间有陌生人徘徊",
            ],
        ),
        "assistance" => pick(
            rng,
            &[
                "家庭成员重病，申请临时救助",
                "失业在家，希望介绍工作",
                "空巢老人需要日常照料",
            ],
        ),
        "opinion" => pick(
            rng,
            &[
                "建议增设健身器材",
                "建议延长服务站开放时间",
                "建议增加社区图书室藏书",
            ],
        ),
        "consult" => pick(
            rng,
            &[
                "咨询医保缴费政策",
                "咨询高龄津贴申领条件",
                "咨询低保申请条件",
                "咨询居住证办理流程",
            ],
        ),
        c => {
            let name = cats.get(c).map(|x| x.name_zh.clone()).unwrap_or_default();
            format!("{who}申请代办{name}")
        }
    }
}

pub(super) fn result_text(rng: &mut Rng, cat: &str) -> String {
    let v: &[&str] = match cat {
        "dispute" => &["经调解双方达成一致", "已调解，签订协议", "经协调双方和解"],
        "micro_wish" => &["已由在职党员认领并送达", "心愿已实现，居民签收"],
        "repair" => &["已修复", "已安排施工并完工", "已疏通"],
        "consult" => &["已当场答复", "已一次性告知所需材料"],
        _ => &[
            "已办结，材料已交还居民",
            "已办理完毕并告知居民",
            "已协调解决",
        ],
    };
    v[rng.below(v.len() as u64) as usize].to_string()
}
