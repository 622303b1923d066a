//! The command line's help in the user's language.
//!
//! English lives in the doc comments of the clap definitions (src/main.rs);
//! Chinese lives in `ZH` below, one line per subcommand or argument, keyed
//! by the subcommand's path and the argument's id. `localize` applies it,
//! with clap's own headings and built-in flags, to the command tree before
//! parsing, so `--help`, `help SUB`, the completions and the man page all
//! speak the language in force. Examples (`EXAMPLES`) are command lines,
//! the same in both languages.

use crate::i18n::{self, Lang, UsageSay};
use clap::Command;
use clap::builder::PossibleValue;
use std::collections::HashMap;
use std::ffi::OsString;
use std::sync::OnceLock;

/// `path|id|text`: the path is the subcommand's words (`.` the program
/// itself), the id the argument's (`-` the subcommand's own description);
/// `*` as the path: any subcommand that has no line of its own for it.
/// Every argument's text ends with an example (`如 …`).
pub const ZH: &str = "
.|-|社区党群服务站窗口终端：不带子命令时打开窗口界面
*|db|数据库文件，须已存在（只有 init 和 demo 会新建）；未给出时依次用 GRIDDESK_DB、/etc/griddesk/config.toml 的 db_path、数据目录，如 /srv/griddesk/hall.db
*|lang|界面语言（未给出时用配置文件的 lang，再看 LANG/LC_ALL），如 --lang zh
*|help|显示帮助，如 griddesk find --help
*|version|显示版本号，如 griddesk --version
*|subcommand|要看帮助的子命令，如 griddesk help export report
*|sheet|工作簿中的工作表名（默认第一张），如 --sheet 住户
*|out|写入这个新文件而不是标准输出（已有的文件不会被覆盖），如 --out 诉求.xlsx
*|encoding|CSV 的编码：utf-8-bom（默认，Excel 直接打开）、gbk（旧版 WPS）、utf-8（脚本），如 --encoding gbk
*|codes|表头和取值用固定的英文代码（closed、dispute、02），不用界面语言的文字，如 --codes
export households|format|csv 或 xlsx，如 --format xlsx --out 住户.xlsx
*|ticket|受理编号，如 20261127-0001
*|seen_version|诉求自第 N 版（显示为 vN）以来有改动则拒绝，如 --seen-version 3
*|json|以 JSON 输出，如 griddesk show 20261127-0001 --json
.|demo|打开演示街道（首次使用时生成），如 griddesk --demo
.|ascii|纯 ASCII 边框，适合把制表符画成双宽的终端，如 griddesk --ascii
demo|-|生成演示数据库
demo|scale|规模：small（测试用）、district（真实街道大小）或 large，如 --scale small
demo|seed|随机种子：种子相同，生成的街道相同，如 --seed 7
demo|as_of|演示数据一年诉求的最后一天（默认今天），如 2026-11-27
find|-|查找户、居民、诉求和可见的党员（退出码同 grep：0 找到，1 没有匹配，2 查询为空或用法有误）
find|query|姓名、拼音、首字母、地址、电话、身份证号或受理编号，如 张三、zhangsan、zs、3-2-501
find|json|以 JSON 输出结果，如 griddesk find 张 --json
find|limit|最多列出几条（至少 1），如 --limit 5
register|-|受理一件诉求，打印受理编号
register|household|地址或户号，如 锦华家园 3-2-501 或 锦华家园 3号楼2单元501
register|resident|诉求人的 18 位身份证号，如 411602199001011234
register|category|类别的代码或名称（见 griddesk categories），如 errand.dibao、dibao 或 低保申请
register|text|诉求内容，照居民所说记录，如 \"申请低保，家中两位老人\"
register|channel|受理渠道（也可写中文：来访、来电、走访、上级交办），如 --channel phone
register|again|两分钟内已受理过相同诉求（户、类别、内容）时仍然受理，如 griddesk register … --again
show|-|显示一件诉求及其办理经过
show|json|以 JSON 输出诉求及其经过，如 griddesk show 20261127-0001 --json
categories|-|诉求类别：列出，或导出、导入（站长）
categories export|-|把全部类别（含停用的）写成 TOML，写到文件或标准输出
categories export|file|新的 TOML 文件（默认标准输出），如 categories.toml
categories import|-|新增、改名、改时限、材料、部门，或停用（active = false）
categories import|file|TOML 文件，格式同 categories export 的输出，如 categories.toml
check|-|检查数据库完整性和结构版本
check|json|以 JSON 输出结果，如 griddesk check --json
backup|-|为正在使用的数据库做一份一致的副本
backup|dest|新文件，所在目录须已存在；不会覆盖已有文件，如 /mnt/usb/hall-20261127.db
keys|-|显示当前生效的按键
import|-|导入户籍登记或工作日历
import households|-|从 CSV（UTF-8、带 BOM 的 UTF-8、GBK；逗号或制表符分隔）或 Excel/WPS 工作簿（.xlsx、.xls、.ods）导入户和居民
import households|file|户籍文件，如 户籍.csv
import households|dry_run|只检查和计数，不写入，如 griddesk import households 户籍.csv --dry-run
import households|move_|身份证号已登记在别的户时，把此人迁到本行的户（记入日志），如 --move
import households|rename|身份证号已登记为别的姓名时，改成本行的姓名（记入日志），如 --rename
import holidays|-|导入节假日和调休上班日：日期,holiday|workday[,备注]
import holidays|file|日历文件，如 holidays-2027.csv
import grid|-|导入网格：街道,社区,片区,楼栋（或居民小组）,楼栋长,单元数,层数,每层户数（站长；记入日志）
import grid|file|网格文件，如 网格.csv
import grid|dry_run|只检查和计数，不写入，如 griddesk import grid 网格.csv --dry-run
import grid|rename|先给节点改名：旧=新（旧名按 export report --node 的写法）；可重复，如 --rename \"锦华家园 第一片区=第一网格\"
import staff|-|导入工作人员：登录名,姓名,角色,所属服务站,电话——新增或更新（站长；记入日志）
import staff|file|工作人员文件，如 工作人员.csv
import staff|dry_run|只检查和计数，不写入，如 griddesk import staff 工作人员.csv --dry-run
export|-|导出诉求、报表或 Open311 GeoReport v2
export households|-|按导入格式导出户和居民
export households|unmasked|身份证号和电话不打码（仅站长；记入日志），如 griddesk export households --unmasked
export requests|-|导出诉求，每件一行
export requests|from|受理日期起，如 --from 2026-01-01
export requests|to|受理日期止，如 --to 2026-11-30
export requests|format|文件格式，如 --format json
export requests|unmasked|电话不打码（仅站长；记入日志），如 --unmasked
export report|-|某网格节点及其下各节点的报表指标（分母为零的比率没有值：md 中为“—”，csv 中为空）
export report|from|起始日（默认 --to 所在年的 1 月 1 日），不晚于 --to，如 2026-01-01
export report|to|截止日（默认今天），如 2026-11-30
export report|node|社区、片区或街道：名称唯一时写 第一片区，否则如 锦华家园 第一片区、锦华家园社区/第一片区 或 锦华家园社区第一片区
export report|format|md（阅读用表格）、csv（电子表格）或 xlsx，如 --format csv
export open311|-|导出 Open311 GeoReport v2 诉求（JSON）
export open311|from|受理日期起，如 --from 2026-01-01
export open311|to|受理日期止，如 --to 2026-11-30
export grid|-|按导入格式导出网格（带 BOM 的 CSV；表头用界面语言）
export grid|format|文件格式，如 --format xlsx
handover|-|当前或上一班次的交接记录
handover|print|同时送打印机（或打印文件夹），如 griddesk handover --print
assign|-|派遣：把诉求交给一位工作人员（登录名或姓名）
assign|to|工作人员的登录名或姓名，如 wangfang 或 王芳
start|-|办理中：开始办理
start|note|记入经过的备注，如 --note \"已电话联系\"
step|-|记录一步办理（材料送到部门、部门的答复）
step|text|办了什么，如 \"材料已送区人社局\"
note|-|内部备注
note|text|备注内容，只给工作人员看，如 \"住户白天不在家\"
reply|-|答复：告诉居民的话
reply|text|告诉居民的内容，如 \"请带户口本原件来窗口\"
wait|-|挂起：等居民或部门；时限暂停计算
wait|reason|等谁、等什么，如 --reason \"等居民补交材料\"
resume|-|挂起后继续办理
resume|note|记入经过的备注，如 --note \"材料已补齐\"
escalate|-|上报：交上一级，须写明理由
escalate|reason|上报理由，如 --reason \"涉及多个部门，社区无法协调\"
return|-|回退：退回下一级，须写明理由
return|reason|回退理由，如 --reason \"属社区职责，请社区办理\"
resolve|-|办结：记录办理结果
resolve|result|办了什么、结果如何，如 --result \"已办理低保，下月发放\"
follow-up|-|回访：打分结案，或问题未解决时重新打开
follow-up|rating|5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意（写分数或名称），如 --rating 5
follow-up|failed|问题未解决：以此理由重新打开诉求，如 --failed \"问题没有解决\"
reopen|-|重新打开已办结的诉求（已结案的：仅站长）
reopen|reason|重新打开的理由，如 --reason \"居民反映问题复发\"
cancel|-|撤销：撤销一件未结的诉求，须写明理由
cancel|reason|撤销理由，如 --reason \"居民撤回申请\"
init|-|新服务站的数据库：街道，以及你本人作为第一位站长
init|district|街道名称，如 川汇区
init|code|6 位行政区划代码，如 411602
init|name|工作人员看到的你的姓名（默认登录名），如 王芳
staff|-|工作人员：列出、新增、修改、停用、启用（仅站长；记入日志）
staff list|-|按服务站列出工作人员
staff list|all|包括已停用的，如 griddesk staff list --all
staff list|json|以 JSON 输出名单，如 griddesk staff list --json
staff add|-|新增一位工作人员
staff edit|-|修改姓名、角色、服务站或电话
*|login|工作人员登录系统用的账号，如 wangfang
*|name|同事和居民看到的姓名，如 王芳
*|role|counter（窗口）、agent（代办员）、grid_leader（片区长/楼栋长）或 supervisor（站长/主任），如 --role agent
*|hall|所属服务站：社区（其党群服务站）或街道（其中心），如 锦华家园社区
*|phone|手机或固定电话，如 13812345678
staff disable|-|停用一位工作人员（保留其记录）
staff enable|-|重新启用已停用的工作人员
grid|-|逐个维护网格：新增片区或楼栋，改名须写明理由（站长）
grid add|-|在社区下新增片区，或在片区/社区下新增楼栋
grid add|under|挂在哪个节点下，如 锦华家园社区 或 锦华家园 第一片区
grid add|area|新片区的名称，如 第三片区
grid add|building|新楼栋的楼号，如 12 或 12号楼
grid rename|-|给节点改名，理由记入日志
grid rename|node|节点，照原样写，如 锦华家园 第一片区
grid rename|to|新名称，如 第一网格
grid rename|reason|改名理由，记入日志，如 --reason \"街道统一更名\"
custody|-|居民原件的代管台账
custody in|-|收下一件原件代管（由你保管）
custody in|item|原件名称，如 户口本
custody out|-|把原件还给居民
custody out|item|原件名称，与收下时一致，如 户口本
visit|-|入户走访：记录一次走访
visit|address|户的地址或户号，如 锦华家园 3-2-501 或 锦华家园 3号楼2单元501
visit|note|看到或谈到的情况，如 --note \"老人身体尚可\"
shift|-|班次：结束你的班次，或接收上一班
shift end|-|结束你的班次，写交接备注
shift end|note|给下一班的交接备注，如 --note \"3-2-501 明天来取材料\"
shift accept|-|以你的登录名接收上一个已结束的班次
shift start|-|在你的服务站开始班次（打开界面时会自动开始）
today|-|今日：你的待办，以及本站逾期、今日到期和今日受理的诉求
today|json|以 JSON 输出，如 griddesk today --json
chart|-|楼盘表：一栋楼的房间，单元横排、楼层竖排，含住户、标记、提醒和距上次走访的天数（退出码：0 成功；2 没有该楼（给出最接近的）或匹配到多栋（列出候选））
chart|building|楼栋或居民小组，如 锦华家园 3号楼、锦华家园社区 3栋、锦华家园 第一片区 3号楼、高庄 第三居民小组
chart|json|以 JSON 输出楼盘表（不含电话和身份证号），如 griddesk chart \"锦华家园 3号楼\" --json
chart|ascii|纯 ASCII 符号，适合把 ★ ▲ ‼ 画成双宽的终端，如 griddesk chart \"锦华家园 3号楼\" --ascii
completions|-|把 shell 补全脚本写到标准输出
completions|shell|哪种 shell，如 bash
man|-|把手册页（roff）写到标准输出
matter|-|四议两公开：社区议事事项，逐步记录，并打印公示
matter add|-|新建议事事项，如 griddesk matter add --community 锦华家园社区 --kind 拆迁改造 --title \"3号楼加装电梯\"
matter add|community|社区，如 锦华家园社区
matter add|kind|事项类别（见 griddesk matter kinds），代码或名称均可，如 demolition 或 拆迁改造
matter add|title|要议定的事项，如 \"3号楼加装电梯\"
matter add|requests|事项来源的诉求（可重复），如 --request 20261127-0001
matter step|-|记录下一步审议（提议、商议、审议、决议），如 griddesk matter step 12 review --present 31 --expected 40 --votes 25/4/2
matter step|id|事项编号，如 12
matter step|step|propose（党支部提议）、discuss（两委会商议）、review（党员大会审议）、decide（居民代表会议决议），或 1–4，如 review
matter step|date|会议日期（默认今天），如 2026-11-20
matter step|meeting|会议名称，如 \"第三季度党员大会\"
matter step|present|实到人数，如 31
matter step|expected|应到人数，如 40
matter step|votes|同意/反对/弃权（商议、审议、决议时），如 25/4/2
matter step|minutes|会议纪要摘要；决议时为决议内容，如 \"同意加装电梯，费用按楼层分摊\"
matter publish|-|公开决议，之后公开实施结果，并打印公示，如 griddesk matter publish 12 --where \"社区公示栏\" --days 7
matter publish|id|事项编号，如 12
matter publish|date|公示日期（默认今天），如 2026-11-23
matter publish|place|公示地点，如 \"社区公示栏、3号楼单元门\"
matter publish|days|公示天数，至少 7 天，如 7
matter publish|outcome|实施结果（第二次公开时），如 \"电梯已于11月完工验收\"
matter restart|-|表决未通过后开始新一轮，如 griddesk matter restart 12 --reason \"方案修改后再议\"
matter restart|id|事项编号，如 12
matter restart|reason|重新议事的原因，如 \"方案修改后再议\"
matter show|-|查看事项及其各步骤，如 griddesk matter show 12 --notice
matter show|id|事项编号，如 12
matter show|notice|打印最近一次公开的公示，如 --notice
matter list|-|事项及所处阶段，逾期未公开的标出，如 griddesk matter list --community 锦华家园社区
matter list|community|只看这个社区的，如 锦华家园社区
matter kinds|-|重大事项的类别，如 griddesk matter kinds
matter kind|-|改类别名称或停用（站长），如 griddesk matter kind housing --zh 保障房分配 --active false
matter kind|code|类别代码，如 housing
matter kind|zh|中文名称，如 保障房分配
matter kind|en|英文名称，如 \"public housing\"
matter kind|active|是否使用（true/false），如 --active false
meeting|-|协商议事会和每月联席会议
meeting add|-|记录召开的会议，如 griddesk meeting add --community 锦华家园社区 --kind joint --date 2026-11-05 --topic \"11月联席会议\"
meeting add|community|社区，如 锦华家园社区
meeting add|kind|joint（联席会议）或 consultation（协商议事会），如 joint
meeting add|date|召开日期（默认今天），如 2026-11-05
meeting add|topic|会议主题，如 \"11月联席会议\"
meeting add|chair|主持人，如 张书记
meeting add|attendees|参会单位和人员（物业公司、业委会、居民代表等），如 \"物业公司、业委会、居民代表5人\"
meeting settle|-|会议议定的事项；关联的诉求以会议决定办结，如 griddesk meeting settle 7 --issue \"小区停车难\" --decision \"划定夜间停车位40个\"
meeting settle|id|会议编号，如 7
meeting settle|issue|议题，如 \"小区停车难\"
meeting settle|decision|会议的决定，如 \"划定夜间停车位40个\"
meeting settle|request|由此办结的诉求（须在办），如 20261127-0001
meeting list|-|一个月的会议，及未开联席会议的社区，如 griddesk meeting list --month 2026-11
meeting list|month|月份（默认本月），如 2026-11
meeting list|community|只看这个社区的，如 锦华家园社区
week|-|楼栋长周报：按记录统计一位楼栋长一周的工作，并确认
week|leader|楼栋长的登录名（默认：你自己，若你是楼栋长；否则列出全部），如 leader001
week|week|ISO 周（默认本周），如 2026-W48
week|area|只看这个片区、社区或街道下的楼栋长，如 锦华家园社区
week|confirm|确认这一周（楼栋长本人或站长），如 --confirm
week|format|text（80 列）、csv 或 xlsx（另有按片区的未确认表），如 --format xlsx --out 周报.xlsx
member|-|党员：到居住社区报到的在职党员（本社区工作人员和站长可见）
member add|-|登记一名到社区报到的党员（报到登记）
member add|name|党员姓名，如 张伟
member add|community|报到的社区，如 锦华家园社区
member add|workplace|工作单位（新单位会自动登记），如 区住建局
member add|party_org|工作单位的党组织，如 区住建局机关党委
member add|branch|所在党支部，如 第一党支部
member add|phone|手机或固定电话（列表中打码显示），如 13812345678
member add|reported|报到日期（默认今天），如 2026-03-05
member add|resident|住在本辖区时的居民身份证号，如 411602199001011234
member edit|-|修改党员的登记信息（改前改后记入日志）
member edit|member|党员：姓名、姓名加工作单位，或 #编号，如 张伟 或 \"张伟 区住建局\"
member edit|name|新的姓名，如 张伟
member edit|community|社区，如 锦华家园社区
member edit|workplace|工作单位，如 区住建局
member edit|party_org|工作单位的党组织，如 区住建局机关党委
member edit|branch|党支部，如 第一党支部
member edit|phone|手机或固定电话，如 13812345678
member leave|-|党员离开本社区名册，须写明理由（记录保留）
member leave|member|党员，如 张伟
member leave|reason|离开理由，如 --reason 工作调动
member leave|date|离开日期（默认今天），如 2026-11-30
member show|-|显示一名党员的登记信息和积分（电话打码）
member show|member|党员，如 张伟
member show|reveal|显示完整电话（记入日志），如 griddesk member show 张伟 --reveal
member list|-|本社区的党员（站长：任意社区）及其参加活动情况
member list|community|社区，如 锦华家园社区
member list|workplace|工作单位名称的一部分，如 住建
member list|active|只列期间内参加过活动的党员，如 griddesk member list --active
member list|inactive|只列期间内没有参加活动的党员，如 griddesk member list --inactive
member list|from|期间的第一天（默认当年 1 月 1 日），如 2026-01-01
member list|to|期间的最后一天（默认今天），如 2026-11-30
member list|all|也列出已离开的党员，如 griddesk member list --all
activity|-|活动：社区的一次活动及参加的党员
activity add|-|登记一次活动，打印活动编号
activity add|community|社区，如 锦华家园社区
activity add|kind|活动类别：volunteer（志愿服务）、theme_day（主题党日）、meeting（例会）、micro_wish（微心愿）、help（帮扶）、opinion（意见征集），如 --kind volunteer
activity add|title|活动内容，如 \"清理楼道杂物\"
activity add|hours|时长（小时），如 2 或 1.5
activity add|date|活动日期（默认今天），如 2026-11-28
activity attend|-|登记参加活动的党员：每人得该类活动的积分
activity attend|activity|活动编号，如 12
activity attend|member|参加的党员，可重复，如 --member 张伟 --member 李娜
claim|-|认领：党员、志愿服务队或单位认领微心愿（单位也可认领民生实事）；或撤回、送达、致谢
claim|member|党员姓名，如 张伟（或 \"张伟 区住建局\"、#12）
claim|team|志愿服务队名称，如 锦华家园志愿服务队
claim|unit|单位名称，如 区住建局
claim|promised|单位承诺的完成日期，如 2026-12-31
claim|withdraw|以此理由撤回认领，心愿重新待认领，如 --withdraw \"党员外出学习\"
claim|delivered|已送达：以此结果办结诉求，如 --delivered \"书包已送到\"
claim|thanks|居民的感谢，如 --thanks \"孩子很喜欢，谢谢\"
team|-|志愿服务队：队伍、队员、帮扶记录和金拐杖结对
team add|-|新建一支志愿服务队
team add|name|服务队名称，如 锦华家园志愿服务队
team add|community|所在社区，如 锦华家园社区
team add|leader|队长姓名（党员或其他人），如 张伟
team join|-|党员或居民加入服务队
team join|team|服务队，如 锦华家园志愿服务队
team join|member|党员姓名，如 张伟
team join|resident|居民的身份证号，如 411602199001011234
team pair|-|金拐杖：帮扶人与空巢老人户结对
team pair|helper|帮扶人姓名（党员或其他人），如 张伟
team pair|household|空巢户的地址或户号，如 3-2-501
team pair|date|结对日期（默认今天），如 2026-03-01
team visit|-|金拐杖帮扶人的一次探访
team visit|pair|结对编号，如 3
team visit|date|探访日期（默认今天），如 2026-11-28
team visit|note|探访情况，如 --note \"陪老人就医\"
points|-|积分：党员的积分台账、更正，以及各类活动的分值
points|member|党员姓名，如 张伟（或 #12）
points|kinds|列出各类活动的分值，如 griddesk points --kinds
points|set|设定一类活动的分值（站长），如 --set volunteer=3
points|correct|更正：新记一笔 N 分（如 -2），须附 --reason（站长）
points|reason|更正理由，如 --reason \"重复登记\"
points|of|被更正的台账条目，如 --of 17
letter|-|双向反馈：一段时间内给党员工作单位的反馈函
letter|member|党员姓名，如 张伟（或 #12）
letter|from|第一天，如 2026-01-01
letter|to|最后一天，如 2026-06-30
letter|print|同时送打印机（或打印文件夹），如 griddesk letter 张伟 --from 2026-01-01 --to 2026-06-30 --print
unit|-|单位及其党组织（工作单位、认领民生实事的单位）
unit add|-|登记一个单位，或设定已有单位的党组织
unit add|name|单位名称，如 区住建局
unit add|party_org|单位的党组织，如 区住建局机关党委
";

/// `path|command line`: one or more per subcommand, in both languages.
pub const EXAMPLES: &str = "
.|griddesk --demo
.|LANG=zh_CN.UTF-8 griddesk --help
demo|griddesk demo --db /tmp/demo.db --scale small --seed 7
find|griddesk find 张三
find|griddesk find zs --limit 5 --json
register|griddesk register --household 锦华家园3-2-501 --category dibao --text 申请低保
show|griddesk show 20261127-0001
categories|griddesk categories
categories export|griddesk categories export categories.toml
categories import|griddesk categories import categories.toml
check|griddesk check --json
backup|griddesk backup /mnt/usb/hall-20261127.db
keys|griddesk keys
import|griddesk import households 户籍.csv --dry-run
import households|griddesk import households 户籍.csv --dry-run
import holidays|griddesk import holidays holidays-2027.csv
import grid|griddesk import grid 网格.csv --rename \"锦华家园 第一片区=第一网格\"
import staff|griddesk import staff 工作人员.csv
export|griddesk export report --node 锦华家园社区 --format csv > report.csv
export households|griddesk export households > households.csv
export requests|griddesk export requests --from 2026-01-01 --format csv > requests.csv
export report|griddesk export report --node \"锦华家园 第一片区\" --from 2026-01-01
export open311|griddesk export open311 --from 2026-11-01 > open311.json
export grid|griddesk export grid > grid.csv
handover|griddesk handover --print
assign|griddesk assign 20261127-0001 --to wangfang
start|griddesk start 20261127-0001
step|griddesk step 20261127-0001 \"材料已送区人社局\"
note|griddesk note 20261127-0001 \"住户白天不在家\"
reply|griddesk reply 20261127-0001 \"请带户口本原件来窗口\"
wait|griddesk wait 20261127-0001 --reason \"等居民补交材料\"
resume|griddesk resume 20261127-0001
escalate|griddesk escalate 20261127-0001 --reason \"涉及多个部门\"
return|griddesk return 20261127-0001 --reason \"属社区职责\"
resolve|griddesk resolve 20261127-0001 --result \"已办理\"
follow-up|griddesk follow-up 20261127-0001 --rating 5
follow-up|griddesk follow-up 20261127-0001 --failed \"问题没有解决\"
reopen|griddesk reopen 20261127-0001 --reason \"问题复发\"
cancel|griddesk cancel 20261127-0001 --reason \"居民撤回申请\"
init|griddesk init --db /srv/griddesk/hall.db --district 川汇区 --code 411602
staff|griddesk staff list
staff list|griddesk staff list --all
staff add|griddesk staff add wangfang --name 王芳 --role counter --hall 锦华家园社区
staff edit|griddesk staff edit wangfang --role supervisor
staff disable|griddesk staff disable wangfang
staff enable|griddesk staff enable wangfang
grid|griddesk grid add --under 锦华家园社区 --area 第三片区
grid add|griddesk grid add --under \"锦华家园 第一片区\" --building 12
grid rename|griddesk grid rename \"锦华家园 第一片区\" --to 第一网格 --reason \"街道统一更名\"
custody|griddesk custody in 20261127-0001 户口本
custody in|griddesk custody in 20261127-0001 户口本
custody out|griddesk custody out 20261127-0001 户口本
visit|griddesk visit \"锦华家园 3-2-501\" --note \"老人身体尚可\"
shift|griddesk shift end --note \"3-2-501 明天来取材料\"
shift end|griddesk shift end --note \"3-2-501 明天来取材料\"
shift accept|griddesk shift accept
shift start|griddesk shift start
today|griddesk today
chart|griddesk chart \"锦华家园 3号楼\"
completions|griddesk completions bash > /etc/bash_completion.d/griddesk
man|griddesk man > /usr/local/share/man/man1/griddesk.1
matter|griddesk matter list
matter add|griddesk matter add --community 高庄社区 --kind demolition --title 加装电梯
matter step|griddesk matter step 12 review --present 31 --expected 40 --votes 25/4/2
matter publish|griddesk matter publish 12 --where 社区公示栏 --days 7
matter restart|griddesk matter restart 12 --reason 方案修改后再议
matter show|griddesk matter show 12 --notice
matter list|griddesk matter list --community 锦华家园社区
matter kinds|griddesk matter kinds
matter kind|griddesk matter kind housing --zh 保障房分配
meeting|griddesk meeting list
meeting add|griddesk meeting add --community 高庄社区 --kind joint --topic 11月联席会议
meeting settle|griddesk meeting settle 7 --issue 小区停车难 --decision 划定夜间停车位40个
meeting list|griddesk meeting list --month 2026-11
week|griddesk week --week 2026-W48 --confirm
member|griddesk member list --active
member add|griddesk member add 张伟 --community 锦华家园社区 --workplace 区住建局
member edit|griddesk member edit 张伟 --workplace 区城管局
member leave|griddesk member leave 张伟 --reason 工作调动
member show|griddesk member show 张伟
member list|griddesk member list --workplace 住建 --inactive
activity|griddesk activity attend 12 --member 张伟
activity add|griddesk activity add --community 锦华家园 --kind help --title 帮扶 --hours 1
activity attend|griddesk activity attend 12 --member 张伟 --member 李娜
claim|griddesk claim 20261127-0001 --member 张伟
claim|griddesk claim 20261127-0001 --delivered \"书包已送到\"
team|griddesk team add 锦华家园志愿服务队 --community 锦华家园社区 --leader 张伟
team add|griddesk team add 锦华家园志愿服务队 --community 锦华家园社区 --leader 张伟
team join|griddesk team join 锦华家园志愿服务队 --member 张伟
team pair|griddesk team pair --helper 张伟 --household 3-2-501
team visit|griddesk team visit 3 --note \"陪老人就医\"
points|griddesk points 张伟
points|griddesk points 张伟 --correct -2 --reason 重复登记 --of 17
letter|griddesk letter 张伟 --from 2026-01-01 --to 2026-06-30
unit|griddesk unit add 区城管局 --party-org 区城管局党组
unit add|griddesk unit add 区城管局 --party-org 区城管局党组
";

fn lines(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.splitn(3, '|').collect())
}

/// The Chinese text for an argument (`id`) or a subcommand (`-`) at
/// `path` (`.` the program), else the `*` line for that id.
pub fn zh(path: &str, id: &str) -> Option<&'static str> {
    static TABLE: OnceLock<HashMap<(&'static str, &'static str), &'static str>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        lines(ZH)
            .filter(|f| f.len() == 3)
            .map(|f| ((f[0], f[1]), f[2]))
            .collect()
    });
    let find = |p: &str| table.get(&(p, id)).copied();
    find(path).or_else(|| if id == "-" { None } else { find("*") })
}

/// The example command lines for the subcommand at `path`.
pub fn examples(path: &str) -> Vec<&'static str> {
    lines(EXAMPLES)
        .filter(|f| f.len() == 2 && f[0] == path)
        .map(|f| f[1])
        .collect()
}

/// The language in force: `--lang` on the command line (read before
/// parsing, so the help is in it), then the config's `lang`, then the
/// locale, as `Ctx::new` chooses it.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut flag = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            flag = it.next().map(|v| v.into_owned());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            flag = Some(v.to_string());
        }
    }
    lang_in_force(flag.as_deref())
}

/// `--lang` as given, then the config's `lang` (a config that does not
/// read is passed over: the command that needs it says so), then the locale.
pub fn lang_in_force(flag: Option<&str>) -> Lang {
    let cfg = super::config::load(&super::config::config_path()).unwrap_or_default();
    super::config::lang(flag, &cfg)
}

/// The template of every help page in Chinese: clap's, with the usage
/// heading translated.
const ZH_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The command tree with its help in `lang`: built (so clap's own `help`
/// subcommand and `-h`/`-V` flags exist and are translated too), then every
/// subcommand and argument given its Chinese text and every page its
/// examples.
pub fn localize(mut cmd: Command, lang: Lang) -> Command {
    cmd.build();
    walk(cmd, ".", lang)
}

fn child_path(path: &str, name: &str) -> String {
    if path == "." {
        name.to_string()
    } else {
        format!("{path} {name}")
    }
}

/// The path without clap's `help` word: `help export report` and
/// `export help report` are `export report`'s copies in the help tree.
fn real_path(path: &str) -> String {
    let words: Vec<&str> = path.split(' ').filter(|w| *w != "help").collect();
    if words.is_empty() {
        ".".to_string()
    } else {
        words.join(" ")
    }
}

fn walk(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let is_help = cmd.get_name() == "help" && path != ".";
    let real = real_path(path);
    let examples = examples(&real);
    if !examples.is_empty() && !is_help {
        let mut text = i18n::usage_say(&UsageSay::Examples, lang);
        for e in examples {
            text.push_str("\n  ");
            text.push_str(e);
        }
        cmd = cmd.after_help(text).after_long_help(None::<&str>);
    }
    if lang == Lang::Zh {
        let about = if is_help {
            Some("显示本命令或所列子命令的帮助")
        } else {
            zh(&real, "-")
        };
        if let Some(t) = about {
            cmd = cmd.about(t).long_about(None::<&str>);
        }
        // clap's usage line, with its English words translated.
        cmd = cmd.subcommand_value_name("命令");
        let usage = cmd.render_usage().to_string();
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        let usage = usage.replace("[OPTIONS]", "[选项]");
        cmd = cmd
            .override_usage(usage)
            .help_template(ZH_TEMPLATE)
            .subcommand_help_heading("命令")
            .mut_args(|a| zh_arg(a, &real));
    }
    cmd.mut_subcommands(|s| {
        let p = child_path(path, s.get_name());
        walk(s, &p, lang)
    })
}

fn zh_arg(mut a: clap::Arg, path: &str) -> clap::Arg {
    let id = a.get_id().as_str().to_string();
    let mut text = zh(path, &id).map(str::to_string);
    if a.get_action().takes_values() {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(PossibleValue::get_name)
            .map(str::to_string)
            .collect();
        let default: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .filter(|v| !v.is_empty())
            .collect();
        let mut extra = Vec::new();
        if !values.is_empty() {
            extra.push(format!("可选：{}", values.join("、")));
        }
        if !default.is_empty() {
            extra.push(format!("默认：{}", default.join("、")));
        }
        if !extra.is_empty() {
            text = text.map(|t| format!("{t}［{}］", extra.join("；")));
        }
        a = a.hide_possible_values(true).hide_default_value(true);
    }
    if let Some(t) = text {
        a = a.help(t).long_help(None::<&str>);
    }
    if a.is_positional() {
        let order = a.get_index().unwrap_or(0);
        a.help_heading("参数").display_order(order)
    } else {
        a.help_heading("选项")
    }
}

/// A refusal from clap, printed in `lang`; the exit code to end with
/// (0 for `--help` and `--version`, 2 for a usage error).
pub fn clap_error(e: &clap::Error, lang: Lang) -> u8 {
    use clap::error::{ContextKind as C, ContextValue as V, ErrorKind as K};
    if matches!(
        e.kind(),
        K::DisplayHelp | K::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        print_help(e);
        return u8::try_from(e.exit_code()).unwrap_or(2);
    }
    if e.kind() == K::DisplayVersion {
        let _ = e.print();
        return 0;
    }
    let one = |k: C| match e.get(k) {
        Some(V::String(s)) => Some(s.clone()),
        Some(V::StyledStr(s)) => Some(s.to_string()),
        Some(V::Strings(v)) => v.first().cloned(),
        Some(V::StyledStrs(v)) => v.first().map(ToString::to_string),
        _ => None,
    };
    let all = |k: C| match e.get(k) {
        Some(V::Strings(v)) => v.clone(),
        Some(V::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        Some(V::String(s)) => vec![s.clone()],
        Some(V::StyledStr(s)) => vec![s.to_string()],
        _ => Vec::new(),
    };
    // `--format <FORMAT>` → `--format`
    let flag = |s: String| s.split_whitespace().next().unwrap_or("").to_string();
    let say = match e.kind() {
        K::InvalidValue => Some(UsageSay::Choice {
            arg: flag(one(C::InvalidArg).unwrap_or_default()),
            value: one(C::InvalidValue).unwrap_or_default(),
            valid: all(C::ValidValue),
        }),
        _ if lang == Lang::En => None,
        K::UnknownArgument => Some(UsageSay::UnknownArg {
            arg: one(C::InvalidArg).unwrap_or_default(),
            try_this: one(C::SuggestedArg),
        }),
        K::InvalidSubcommand => Some(UsageSay::UnknownCommand {
            name: one(C::InvalidSubcommand).unwrap_or_default(),
            try_this: one(C::SuggestedSubcommand),
        }),
        K::MissingRequiredArgument => Some(UsageSay::Missing(all(C::InvalidArg))),
        K::MissingSubcommand => Some(UsageSay::MissingCommand),
        K::ValueValidation => Some(UsageSay::BadValue {
            arg: flag(one(C::InvalidArg).unwrap_or_default()),
            value: one(C::InvalidValue).unwrap_or_default(),
        }),
        K::ArgumentConflict => Some(UsageSay::Conflict {
            arg: flag(one(C::InvalidArg).unwrap_or_default()),
            other: all(C::PriorArg).into_iter().map(flag).collect(),
        }),
        _ => Some(UsageSay::Other(e.kind().to_string())),
    };
    let Some(say) = say else {
        // English: clap's own message, usage line and hint.
        let _ = e.print();
        return 2;
    };
    let mut out = format!("griddesk: {}", i18n::usage_say(&say, lang));
    if !matches!(say, UsageSay::Choice { .. })
        && let Some(usage) = one(C::Usage)
    {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        out.push_str("\n\n");
        out.push_str(&i18n::usage_say(
            &UsageSay::UsageLine(usage.to_string()),
            lang,
        ));
        out.push_str("\n\n");
        out.push_str(&i18n::usage_say(&UsageSay::MoreHelp, lang));
    }
    eprintln!("{out}");
    2
}

/// The width to cut help at: `COLUMNS`, else the terminal's when the
/// help goes to one; none (lines kept whole) for a pipe or a file.
fn help_width(to_stdout: bool) -> Option<usize> {
    use std::io::IsTerminal;
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|w| *w > 0)
    {
        return Some(w);
    }
    let tty = if to_stdout {
        std::io::stdout().is_terminal()
    } else {
        std::io::stderr().is_terminal()
    };
    if tty
        && let Ok((w, _)) = ratatui::crossterm::terminal::size()
        && w > 0
    {
        return Some(usize::from(w));
    }
    None
}

/// Chinese punctuation a line may not start with.
const NO_LINE_START: &str = "，。、；：？！）》」』】”’…·";
/// Chinese punctuation a line may not end with.
const NO_LINE_END: &str = "（《「『【“‘";

/// Each line of a help page cut to `width` display columns (Chinese
/// characters count two): at a space, or between two characters of which
/// one is wide (never before a closing or after an opening Chinese mark);
/// a word longer than the line is cut where it must be. The lines after
/// the first keep the indent of the line's description (the column after
/// its first gap of two spaces), as clap lays an option out.
pub fn wrap_help(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let w = |c: char| c.width().unwrap_or(0);
    let mut out = String::new();
    for line in text.split('\n') {
        if !out.is_empty() || text.starts_with('\n') {
            out.push('\n');
        }
        let chars: Vec<char> = line.chars().collect();
        let total: usize = chars.iter().map(|&c| w(c)).sum();
        if total <= width {
            out.push_str(line);
            continue;
        }
        let lead = chars.iter().take_while(|c| **c == ' ').count();
        // The description's column: after the first run of 2+ spaces that
        // follows text; else the line's own indent.
        let mut hang = lead;
        let mut col = 0;
        let mut i = lead;
        col += lead;
        while i + 1 < chars.len() {
            if chars[i] == ' ' && chars[i + 1] == ' ' {
                let mut j = i;
                let mut c = col;
                while j < chars.len() && chars[j] == ' ' {
                    j += 1;
                    c += 1;
                }
                if j < chars.len() {
                    hang = c;
                }
                break;
            }
            col += w(chars[i]);
            i += 1;
        }
        // A description needs a third of the line at least.
        if hang * 3 > width * 2 {
            hang = lead.min(width / 4);
        }
        let mut start = 0;
        let mut indent = 0;
        loop {
            // The most that fits after the indent.
            let room = width.saturating_sub(indent).max(1);
            let mut used = 0;
            let mut end = start;
            while end < chars.len() && used + w(chars[end]) <= room {
                used += w(chars[end]);
                end += 1;
            }
            if end >= chars.len() {
                out.extend(std::iter::repeat_n(' ', indent));
                out.extend(&chars[start..]);
                break;
            }
            // Back to a break: a space, or between a wide character and
            // its neighbour, respecting the punctuation rules.
            let can_break = |k: usize| {
                let (a, b) = (chars[k - 1], chars[k]);
                if b == ' ' || a == ' ' {
                    return true;
                }
                (w(a) == 2 || w(b) == 2) && !NO_LINE_START.contains(b) && !NO_LINE_END.contains(a)
            };
            let mut cut = end;
            while cut > start + 1 && !can_break(cut) {
                cut -= 1;
            }
            if cut <= start + 1 {
                cut = end.max(start + 1);
            }
            let piece: String = chars[start..cut].iter().collect();
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(piece.trim_end());
            out.push('\n');
            start = cut;
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
            indent = hang;
            if start >= chars.len() {
                out.pop();
                break;
            }
        }
    }
    out
}

/// A help page (or the version) as clap rendered it, cut to the width of
/// where it goes.
fn print_help(e: &clap::Error) {
    use std::io::Write;
    let to_stdout = e.exit_code() == 0;
    let text = full_width_headings(&e.render().to_string());
    let text = match help_width(to_stdout) {
        Some(w) => wrap_help(&text, w),
        None => text,
    };
    let _ = if to_stdout {
        std::io::stdout().lock().write_all(text.as_bytes())
    } else {
        std::io::stderr().lock().write_all(text.as_bytes())
    };
}

/// clap ends its headings with an ASCII colon: the Chinese ones take the
/// full-width `：`, like `用法：` and `示例：`.
fn full_width_headings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        match body.strip_suffix(':') {
            Some(h @ ("命令" | "选项" | "参数")) => {
                out.push_str(h);
                out.push('：');
                out.push_str(end);
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap_help;
    use unicode_width::UnicodeWidthStr;

    fn widths(s: &str) -> Vec<usize> {
        s.lines().map(UnicodeWidthStr::width).collect()
    }

    #[test]
    fn a_short_page_is_left_as_it_is() {
        let page = "用法：griddesk find\n\n选项:\n  --json  以 JSON 输出\n";
        assert_eq!(wrap_help(page, 80), page);
    }

    #[test]
    fn an_option_is_cut_to_the_width_under_its_description() {
        let line = "      --household <ADDR-OR-ID>  地址或户号，如 锦华家园 3-2-501 或 锦华家园 3号楼2单元501，写法同窗口界面的查找框";
        let out = wrap_help(line, 60);
        assert!(widths(&out).iter().all(|w| *w <= 60), "{out}");
        assert!(out.lines().count() >= 2, "{out}");
        let desc = line.find("地址").unwrap();
        for l in out.lines().skip(1) {
            assert_eq!(l.len() - l.trim_start().len(), desc, "{out}");
        }
        // Nothing lost but the spaces at the cuts.
        let joined: String = out.lines().map(str::trim).collect();
        let orig: String = line.split_whitespace().collect();
        assert_eq!(joined.replace(' ', ""), orig);
        // No line starts with a closing mark.
        for l in out.lines() {
            let first = l.trim_start().chars().next().unwrap();
            assert!(!"，。、）".contains(first), "{out}");
        }
    }

    #[test]
    fn english_is_cut_at_spaces() {
        let line = "      --db <PATH>  Database file, which must exist (only init and demo make one); else GRIDDESK_DB";
        let out = wrap_help(line, 50);
        assert!(widths(&out).iter().all(|w| *w <= 50), "{out}");
        for word in line.split_whitespace() {
            assert!(out.contains(word), "{word} cut: {out}");
        }
    }

    /// An example is a command line to copy: it must fit 80 columns with
    /// its indent, so it is never cut.
    #[test]
    fn every_example_fits_78_columns() {
        for (path, example) in super::EXAMPLES.lines().filter_map(|l| l.split_once('|')) {
            assert!(example.width() <= 78, "{path}: {example}");
        }
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut_where_it_must_be() {
        let out = wrap_help(&"x".repeat(30), 10);
        assert_eq!(widths(&out), [10, 10, 10]);
    }
}
