#include "modules/demo/suggestions.hpp"

#include <array>

#include "core/error.hpp"
#include "core/log.hpp"

#include "modules/attachments/service.hpp"
#include "modules/audit/service.hpp"
#include "modules/notifications/service.hpp"
#include "modules/suggestions/service.hpp"

namespace huying::demo {

namespace {

using suggestions::Action;
using suggestions::ActionInput;
using namespace std::chrono_literals;

// The demo's suggestions happened over the last months: each step is taken at its own
// moment, so that deadlines fall due, run out and are kept as they would have.
class SteppedClock final : public Clock {
 public:
  TimePoint now() const override { return at; }
  TimePoint at;
};

struct Topic {
  const char* category;
  const char* title;
  const char* content;
};

constexpr std::array<Topic, 12> topics{{
    {"education", "关于加强农村义务教育阶段教师队伍建设的建议",
     "当前我省部分农村学校教师结构性缺编、年龄老化问题突出，音体美和信息技术教师短缺。"
     "建议：一是完善城乡统一的编制标准，向农村小规模学校倾斜；二是落实乡村教师生活补助和周转宿舍；"
     "三是推进县域内教师“县管校聘”交流轮岗。"},
    {"health", "关于推进县域医共体建设提升基层医疗服务能力的建议",
     "群众看病向县城和省城集中，乡镇卫生院服务能力不足。建议加大对县域医共体的财政投入，"
     "统一药品目录和信息平台，推动专家下沉坐诊，并将基层首诊率纳入考核。"},
    {"transport", "关于加快农村公路提档升级和养护管理的建议",
     "部分早年修建的农村公路路面破损、安全设施不全。建议设立农村公路养护专项资金，"
     "落实县乡村三级路长制，优先改造通往学校和卫生院的道路。"},
    {"environment", "关于加强黄河流域生态保护和高质量发展的建议",
     "黄河滩区生态修复和沿岸污染治理任务艰巨。建议统筹实施滩区综合治理，"
     "加强入河排污口排查整治，完善上下游生态补偿机制。"},
    {"agriculture", "关于稳定粮食生产加大种粮农民补贴力度的建议",
     "农资价格上涨压缩种粮收益。建议提高耕地地力保护补贴标准，扩大完全成本保险覆盖面，"
     "支持社会化服务组织开展托管服务。"},
    {"social", "关于完善农村养老服务体系的建议",
     "农村留守老人增多，养老服务设施不足。建议以县为单位建设区域养老服务中心，"
     "推广互助养老模式，将农村特困老人照护纳入财政保障。"},
    {"urban", "关于加快城镇老旧小区改造的建议",
     "老旧小区普遍存在管网老化、无电梯、停车难等问题。建议加大中央和省级补助资金统筹力度，"
     "引入社会资本参与，同步完善小区物业管理。"},
    {"economy", "关于进一步优化营商环境支持中小微企业发展的建议",
     "中小微企业融资难、融资贵问题依然存在。建议扩大政府性融资担保规模，"
     "清理拖欠中小企业账款，推行涉企审批“一件事一次办”。"},
    {"culture", "关于加强传统村落保护和利用的建议",
     "部分传统村落空心化、古建筑损毁严重。建议建立传统村落保护名录动态管理制度，"
     "设立保护专项资金，发展乡村文化旅游。"},
    {"governance", "关于加强基层矛盾纠纷多元化解工作的建议",
     "基层矛盾纠纷类型多样。建议健全人民调解、行政调解、司法调解联动机制，"
     "加强乡镇综治中心建设，培育专业调解员队伍。"},
    {"health", "关于加强基层公共卫生应急能力建设的建议",
     "基层疾控机构人员和设备不足。建议加强县级疾控中心标准化建设，"
     "完善乡镇卫生院发热门诊，建立应急物资储备制度。"},
    {"education", "关于推动职业教育产教融合的建议",
     "职业院校专业设置与产业需求衔接不够。建议支持校企共建实训基地，"
     "落实企业参与职业教育的税收优惠，推行现代学徒制。"},
}};

// How far a suggestion gets, and when it was written (days before today).
enum class Target {
  draft, submitted, returned, not_accepted, withdrawn, registered, assigned_pending, assigned_accepted,
  assigned_extension, assigned_reassignment, answered, closed, closed_unevaluated, rehandling, assessed
};

struct Plan {
  Target target;
  int written_days_ago;
  const char* lead;  // the lead deputy's account; the other provincial deputy co-signs
  int lead_unit;     // 1: 省教育厅 (handler.edu), 2: 省卫健委 (handler.health)
};

constexpr Plan plans[] = {
    {Target::draft, 2, "deputy.henan", 1},
    {Target::draft, 6, "deputy.luoyang", 2},
    {Target::submitted, 3, "deputy.henan", 1},
    {Target::submitted, 4, "deputy.luoyang", 2},
    {Target::submitted, 5, "deputy.henan", 2},
    {Target::returned, 9, "deputy.henan", 1},
    {Target::not_accepted, 20, "deputy.luoyang", 1},
    {Target::withdrawn, 15, "deputy.henan", 2},
    {Target::registered, 6, "deputy.luoyang", 1},
    {Target::registered, 16, "deputy.henan", 2},
    {Target::assigned_pending, 12, "deputy.henan", 1},
    {Target::assigned_pending, 14, "deputy.luoyang", 2},
    {Target::assigned_accepted, 40, "deputy.henan", 1},
    {Target::assigned_accepted, 92, "deputy.luoyang", 1},   // due soon
    {Target::assigned_accepted, 105, "deputy.henan", 2},    // overdue
    {Target::assigned_extension, 70, "deputy.henan", 1},
    {Target::assigned_reassignment, 11, "deputy.luoyang", 2},
    {Target::answered, 63, "deputy.henan", 1},
    {Target::answered, 66, "deputy.henan", 2},
    {Target::closed, 150, "deputy.henan", 1},
    {Target::closed, 140, "deputy.luoyang", 2},
    {Target::closed, 130, "deputy.henan", 2},
    {Target::closed_unevaluated, 120, "deputy.luoyang", 1},
    {Target::rehandling, 110, "deputy.henan", 1},
    {Target::assessed, 160, "deputy.luoyang", 2},
};

Caller as_user(accounts::Service& accounts, const std::string& username) {
  auto user = accounts.find_by_username(username);
  Principal p;
  p.actor = "user:" + std::to_string(user.id);
  p.user_id = user.id;
  for (const auto& g : user.grants) p.grants.push_back(g.grant);
  return {p, "demo", "local", "huying demo-data"};
}

std::int64_t cosigner_mandate(accounts::Service& accounts, const Caller& deputy) {
  return accounts.serving_mandates(*deputy.principal.user_id).at(0).id;
}

std::string date_at(TimePoint t) {
  // Beijing time: the demo congresses are in Asia/Shanghai.
  auto local = std::chrono::floor<std::chrono::days>(t + 8h);
  return format_date(std::chrono::year_month_day{local});
}

}  // namespace

std::size_t load_suggestions(db::Database& db, const Clock& clock, accounts::Service& accounts) {
  SteppedClock at;
  audit::Service audit(db, at);
  notifications::Service notifications(db, at, audit);
  attachments::Service attachments(".", 0, at);  // the demo attaches no files
  suggestions::Service service(db, at, audit, notifications, attachments);

  const TimePoint today = std::chrono::floor<std::chrono::days>(clock.now() + 8h) - 8h + 9h;  // 09:00 Beijing
  auto staff = as_user(accounts, "staff.henan");
  std::size_t made = 0;
  for (std::size_t i = 0; i < std::size(plans); ++i) try {
    const Plan& plan = plans[i];
    const Topic& topic = topics[i % topics.size()];
    auto lead = as_user(accounts, plan.lead);
    auto cosigner = as_user(accounts, std::string(plan.lead) == "deputy.henan" ? "deputy.luoyang" : "deputy.henan");
    auto unit = as_user(accounts, plan.lead_unit == 1 ? "handler.edu" : "handler.health");
    auto co_unit_id = *unit.principal.grants.front().scope_id == 1 ? 2 : 1;
    TimePoint written = today - std::chrono::days(plan.written_days_ago);
    auto step = [&](int day, int hour = 0) { at.at = written + std::chrono::days(day) + std::chrono::hours(hour); };
    auto act = [&](const Caller& who, std::int64_t id, Action action, ActionInput in = {}) {
      return service.act(who, id, action, in);
    };
    auto reached = [&](Target t) { return plan.target == t; };

    step(0);
    suggestions::Draft draft;
    draft.title = topic.title;
    draft.content = topic.content;
    draft.category = topic.category;
    draft.proposed_unit_id = plan.lead_unit;
    auto id = service.create(lead, draft).item.id;
    ++made;
    ActionInput invite;
    invite.mandate_id = cosigner_mandate(accounts, cosigner);
    act(lead, id, Action::invite, invite);
    step(0, 1);
    if (i % 5 != 4) act(cosigner, id, Action::cosign);  // the odd invitation stays open
    if (reached(Target::draft)) continue;
    step(0, 2);
    act(lead, id, Action::submit);
    if (reached(Target::submitted)) continue;
    step(2);
    if (reached(Target::returned)) {
      ActionInput in;
      in.reason = "建议内容涉及多个事项，请按“一事一议”拆分后重新提交。";
      act(staff, id, Action::return_item, in);
      continue;
    }
    if (reached(Target::not_accepted)) {
      ActionInput in;
      in.reason_code = "academic";
      in.note = "内容属于学术探讨，不作为代表建议立案。";
      act(staff, id, Action::reject, in);
      continue;
    }
    if (reached(Target::withdrawn)) {
      ActionInput in;
      in.reason = "相关问题已由当地政府解决。";
      act(lead, id, Action::withdraw, in);
      continue;
    }
    act(staff, id, Action::register_item);
    if (reached(Target::registered)) continue;
    step(5);
    ActionInput assign;
    assign.mode = "lead";
    assign.lead_unit_id = plan.lead_unit;
    if (i % 3 == 0) assign.co_unit_ids = {co_unit_id};
    act(staff, id, Action::assign, assign);
    if (reached(Target::assigned_pending)) continue;
    step(6);
    if (reached(Target::assigned_reassignment)) {
      ActionInput in;
      in.reason = "该事项主要职责在其他部门，申请调整承办单位。";
      act(unit, id, Action::request_reassignment, in);
      continue;
    }
    act(unit, id, Action::accept);
    if (reached(Target::assigned_accepted)) continue;
    step(20);
    ActionInput contact;
    contact.method = i % 2 ? "phone" : "face_to_face";
    contact.date = date_at(at.at);
    contact.note = "与代表当面沟通办理思路，听取意见。";
    act(unit, id, Action::record_contact, contact);
    if (reached(Target::assigned_extension)) {
      ActionInput in;
      in.reason = "涉及多部门协调和资金安排，需延期答复。";
      in.until = date_at(written + std::chrono::days(5) + std::chrono::days(150));
      act(unit, id, Action::request_extension, in);
      continue;
    }
    step(60);
    ActionInput answer;
    answer.answer_class = i % 4 == 1 ? "B" : "A";
    answer.text = "经认真研究，现答复如下：我们高度重视代表提出的建议，已会同有关部门制定工作方案，"
                  "相关措施正在逐步落实。感谢代表对我们工作的关心和支持。";
    answer.signed_by = "周涛";
    answer.answered_on = date_at(at.at);
    if (answer.answer_class == "B") {
      answer.plan = "列入明年重点工作计划，分两年逐步落实。";
      answer.plan_date = date_at(at.at + std::chrono::days(365));
    }
    act(unit, id, Action::answer, answer);
    if (reached(Target::answered)) continue;
    if (reached(Target::closed_unevaluated)) continue;  // the sweep below closes it
    step(65);
    ActionInput evaluation;
    bool unhappy = reached(Target::rehandling) || reached(Target::assessed);
    evaluation.attitude = "satisfied";
    evaluation.result = unhappy ? "unsatisfied" : (i % 2 ? "basically_satisfied" : "satisfied");
    evaluation.comment = unhappy ? "答复内容较为原则，具体措施不够明确。" : "办理认真，沟通充分。";
    act(lead, id, Action::evaluate, evaluation);
    if (!reached(Target::assessed)) continue;
    step(80);
    answer.answered_on = date_at(at.at);
    answer.text = "根据代表意见重新研究，补充答复如下：已明确责任分工和完成时限。";
    act(unit, id, Action::answer, answer);
    step(85);
    act(lead, id, Action::evaluate, evaluation);
  } catch (const Error& e) {
    // A demo loaded after New Year's Eve may need next year's calendar before the State
    // Council has published it: the suggestions wait for it rather than guess.
    if (e.code() != "calendar_year_unknown") throw;
    log::warn("demo suggestions stopped", {{"reason", e.detail()}, {"made", made}});
    break;
  }
  // The sweep closes what was left unevaluated, as the server's would have.
  at.at = today;
  Principal sweeper;
  sweeper.actor = "scheduler";
  sweeper.grants = {{0, std::string(roles::admin), "global", std::nullopt}};
  service.sweep({sweeper, "demo", "local", "huying demo-data"});
  return made;
}

}  // namespace huying::demo
