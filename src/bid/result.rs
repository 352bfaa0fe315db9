//! What a bid reports: the months, the classes, the sites, the comparison at the plain
//! requirement, and the whole result with its derived views.

use super::risk;
use crate::scenario::PriceRisk;

/// One month of the term.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BidMonth {
    /// 1-based month of the term.
    pub month: u32,
    /// "2027-01", or "M1" without a start date.
    pub label: String,
    /// Contacts offered.
    pub volume: f64,
    /// Contacts answered (Erlang).
    pub handled: f64,
    /// Handled minutes (answered × AHT).
    pub handled_minutes: f64,
    /// Agent-hours on the phones the Erlang plan requires.
    pub required_agent_hours: f64,
    /// Productive FTE required: required hours ÷ (1 − shrinkage) ÷ paid hours per FTE-month.
    pub required_fte: f64,
    /// Productive FTE available (hires discounted for training and ramp).
    pub effective_fte: f64,
    /// Paid hours of one FTE this month: its working days (Monday to Friday, `[bid.holidays]`
    /// off) × the daily contracted hours, or `hours_per_fte_month` when given.
    pub hours_per_fte: f64,
    /// Productive FTE beyond the requirement (a launch class sized for the ramp, classes
    /// rounded up): max(0, effective − required).
    pub bench_fte: f64,
    /// What the bench costs: bench FTE × hours per FTE × the blended hourly cost (with
    /// `release = "redeploy"`, taken out of the month's cost).
    pub bench_cost: f64,
    /// New hires starting (training) this month, whole people.
    pub hires: u32,
    /// Training classes starting this month.
    pub classes: u32,
    /// Leavers this month, whole people.
    pub leavers: u32,
    /// Headcount on payroll, whole people.
    pub headcount: u32,
    /// Paid hours (headcount × paid hours per FTE-month).
    pub paid_hours: f64,
    /// Labour cost at the blended site rate.
    pub labour_cost: f64,
    /// Labour cost plus overheads, recruiting and trainers.
    pub cost: f64,
    /// The month's fee at the per-contact price.
    pub fee: f64,
    /// Probability that the month's simulated service level misses the target, at the staffing
    /// the hiring plan puts on the phones.
    pub p_miss_sla: f64,
    /// Its 95 % interval (Wilson).
    pub p_miss_sla_ci95: [f64; 2],
}

/// A month as a row of `bid --csv` and `bid-months.csv`: [`BidMonth`]'s fields in their order,
/// its 95 % interval as two columns (`p_miss_sla_lo`, `p_miss_sla_hi`), as CSV has no arrays.
#[derive(Debug, Clone, Copy)]
pub struct BidMonthRow<'a>(pub &'a BidMonth);

impl serde::Serialize for BidMonthRow<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let m = self.0;
        let mut row = serializer.serialize_struct("BidMonthRow", 22)?;
        macro_rules! columns {
            ($($field:ident),*) => { $(row.serialize_field(stringify!($field), &m.$field)?;)* };
        }
        columns!(
            month,
            label,
            volume,
            handled,
            handled_minutes,
            required_agent_hours,
            required_fte,
            effective_fte,
            hours_per_fte,
            bench_fte,
            bench_cost,
            hires,
            classes,
            leavers,
            headcount,
            paid_hours,
            labour_cost,
            cost,
            fee,
            p_miss_sla
        );
        row.serialize_field("p_miss_sla_lo", &m.p_miss_sla_ci95[0])?;
        row.serialize_field("p_miss_sla_hi", &m.p_miss_sla_ci95[1])?;
        row.end()
    }
}

impl BidResult {
    /// The first month of the highest P(miss): the one the risk bound was decided on.
    pub fn riskiest_month(&self) -> &BidMonth {
        self.months.iter().fold(&self.months[0], |worst, m| {
            if m.p_miss_sla > worst.p_miss_sla {
                m
            } else {
                worst
            }
        })
    }

    /// The months as CSV rows.
    pub fn month_rows(&self) -> Vec<BidMonthRow<'_>> {
        self.months.iter().map(BidMonthRow).collect()
    }
}

/// A training class.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrainingClass {
    /// The month it starts: "2026-12", or "M0", "M-1" … before month 1 without a start date.
    pub start: String,
    /// The site it trains for.
    pub site: String,
    /// People in it.
    pub size: u32,
}

/// One site's part of the bid over the term.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SiteResult {
    /// The site.
    pub name: String,
    /// Its share of the contacts.
    pub share: f64,
    /// Its share of the work: share × AHT multiplier, normalised.
    pub workload_share: f64,
    /// Handle time there × this.
    pub aht_multiplier: f64,
    /// Monthly attrition of tenured staff.
    pub attrition: f64,
    /// Monthly attrition in a hire's first months.
    pub new_hire_attrition: f64,
    /// Loaded cost per paid hour.
    pub hourly_cost: f64,
    /// Σ productive FTE-months it must cover.
    pub required_fte_months: f64,
    /// Of its hires, the launch team.
    pub launch_hires: u32,
    /// Hires over the term, launch team included.
    pub hires: u32,
    /// Leavers over the term.
    pub leavers: u32,
    /// Paid hours over the term (after go-live).
    pub paid_hours: f64,
    /// Their cost.
    pub labour_cost: f64,
    /// The launch team's wages, recruiting and trainers before go-live.
    pub transition_cost: f64,
    /// Headcount on payroll each month of the term.
    #[serde(skip)]
    pub monthly_headcount: Vec<u32>,
    /// Hires starting each month of the term.
    #[serde(skip)]
    pub monthly_hires: Vec<u32>,
    /// Its wages, recruiting and trainers each month of the term.
    #[serde(skip)]
    pub monthly_cost: Vec<f64>,
    /// Launch hires by month before go-live.
    #[serde(skip)]
    pub launch_hires_by_month: Vec<u32>,
}

/// The bid's figures at the plain Erlang requirement (uplift 1, no risk priced), to compare.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unadjusted {
    /// Σ monthly cost + transition.
    pub total_cost: f64,
    /// Total cost ÷ (1 − margin).
    pub revenue: f64,
    /// Revenue ÷ Σ required FTE-months.
    pub price_per_fte_month: f64,
    /// Revenue ÷ Σ handled contacts.
    pub price_per_contact: f64,
    /// Revenue ÷ Σ handled minutes.
    pub price_per_minute: f64,
    /// Launch hires.
    pub launch_hires: u32,
}

/// The whole bid.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BidResult {
    /// The months of the term.
    pub months: Vec<BidMonth>,
    /// The training classes of the term, launch classes first.
    pub classes: Vec<TrainingClass>,
    /// Hires before the first month (the launch team, in training until go-live).
    pub launch_hires: u32,
    /// The classes they train in.
    pub launch_classes: u32,
    /// Cost of paying the launch team before go-live.
    pub transition_cost: f64,
    /// Recruiting must start this many months before month 1: time to full productivity plus the
    /// hiring lead time.
    pub recruit_months_before_start: u32,
    /// Σ monthly cost + transition cost.
    pub total_cost: f64,
    /// Σ over the months of the bench: FTE-months beyond the requirement.
    pub bench_fte: f64,
    /// Σ over the months of the bench's cost (paid with `release = "attrition"`, out of the cost
    /// base with `"redeploy"`).
    pub bench_cost: f64,
    /// What becomes of the bench.
    pub release: crate::scenario::Release,
    /// Target margin on price.
    pub margin: f64,
    /// What is left after expected SLA credits: (revenue − total cost − expected credits) ÷
    /// revenue.
    pub margin_after_expected_credits: f64,
    /// Expected net gain-share over the term: bonuses less maluses (negative: a net malus).
    pub expected_gain_share: f64,
    /// What is left after expected credits and gain-share: (revenue − total cost − expected
    /// credits + expected gain-share) ÷ revenue; the target margin when risk is included.
    pub expected_margin: f64,
    /// Each site's share of the work, hires, hours and cost.
    pub sites: Vec<SiteResult>,
    /// "include": the price keeps the target margin after expected credits and gain-share;
    /// "show": the price earns the target margin before them.
    pub price_risk: PriceRisk,
    /// Revenue: total cost ÷ (1 − margin − κ + γ) when risk is included (κ expected credits and
    /// γ expected gain-share per unit revenue), total cost ÷ (1 − margin) when shown.
    pub revenue: f64,
    /// Total cost ÷ Σ handled contacts.
    pub cost_per_handled_contact: f64,
    /// Revenue ÷ Σ required FTE-months.
    pub price_per_fte_month: f64,
    /// Revenue ÷ Σ handled contacts.
    pub price_per_contact: f64,
    /// Revenue ÷ Σ handled minutes.
    pub price_per_minute: f64,
    /// Outcome-based: revenue ÷ Σ resolved contacts (handled × `[simulation] fcr`, the share
    /// resolved at first contact).
    pub price_per_resolved_contact: f64,
    /// Hybrid model: fixed fee per month …
    pub hybrid_base_per_month: f64,
    /// … plus this per handled contact.
    pub hybrid_per_contact: f64,
    /// Loaded cost per paid hour, weighted by each site's share of the work.
    pub blended_hourly_cost: f64,
    /// Mean over months of the probability of missing the monthly SLA.
    pub p_miss_sla: f64,
    /// The probability that every month of the term misses together (forecast errors correlated
    /// across months raise it).
    pub p_every_month_misses: f64,
    /// Expected credits over the term (capped).
    pub expected_sla_credits: f64,
    /// The staffing × the Erlang requirement the bid is priced at: the smallest of × 0.80 …
    /// × 2.00 whose hiring plan keeps every month's simulated P(miss) within the bound (a binary
    /// search over the grid, so both ways from × 1; see [`risk`]); `None` when even × 2.00 does
    /// not, and the bid is priced there with the credits it expects.
    pub staffing_uplift_for_bound: Option<f64>,
    /// The staffing × the Erlang requirement the bid is priced at: the one that holds the
    /// bound, else the largest tried, or `[bid] staffing_uplift` when pinned.
    pub staffing_uplift: f64,
    /// Σ required FTE-months at that uplift ÷ months: the average FTE to staff.
    pub fte_at_bound: Option<f64>,
    /// The bound asked.
    pub max_p_miss: f64,
    /// Replications behind every month's P(miss) (the run stops once every month is decided
    /// against the bound, at most `[bid] replications`).
    pub risk_replications: u64,
    /// Whether every month's P(miss) is decided against the bound; `false` when the replication
    /// cap came first and some month's 95 % interval still straddles it.
    pub risk_decided: bool,
    /// Every staffing the risk search tried, in the order tried; the accepted one's figures are
    /// the months' P(miss).
    pub risk_search: Vec<risk::RiskStep>,
    /// The same bid at the plain requirement.
    pub unadjusted: Unadjusted,
    /// Currency of the money fields: the client's.
    pub currency: String,
    /// Cash flow, payback, NPV and IRR, prices by year, sites' P&L, volume bands, cost build-up.
    #[serde(flatten)]
    pub finance: FinanceResult,
    /// The expected margin against each `[bid.sensitivity]` input, each end a re-run.
    pub sensitivity: Vec<SensitivityBar>,
}

/// One month of the cash flow: month 0 is the transition before go-live.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CashMonth {
    /// 0 for the transition, 1… for the term's months and those after it while receipts come in.
    pub month: u32,
    /// "2027-01", "M3", or "transition".
    pub label: String,
    /// Costs incurred in the month.
    pub costs: f64,
    /// The month's fees less its expected SLA credits plus its expected gain-share.
    pub revenue_invoiced: f64,
    /// Invoices received in the month (`payment_terms_days` after the month they are for).
    pub revenue_received: f64,
    /// Received less costs.
    pub net: f64,
    /// Σ net up to and including the month.
    pub cumulative: f64,
}

/// A contract year's price.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct YearPrice {
    /// 1-based contract year.
    pub year: u32,
    /// Its months.
    pub months: u32,
    /// Its costs (its months', and the transition's share by the year's handled contacts).
    pub cost: f64,
    /// Its revenue at its price.
    pub revenue: f64,
    /// Revenue ÷ handled contacts.
    pub price_per_contact: f64,
    /// Revenue ÷ required FTE-months.
    pub price_per_fte_month: f64,
    /// Revenue ÷ handled minutes.
    pub price_per_minute: f64,
}

/// One site's P&L in one month (or the transition).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SitePnl {
    /// The site.
    pub site: String,
    /// The month's label, or "transition".
    pub month: String,
    /// Its share of the month's invoiced revenue (its share of the contacts).
    pub revenue: f64,
    /// Its wages, recruiting and trainers, its own cost lines, and its share of the shared costs
    /// by its share of the work.
    pub cost: f64,
    /// (revenue − cost) ÷ revenue; `None` without revenue.
    pub margin: Option<f64>,
}

/// The revenue under volume bands over simulated terms.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BandRevenue {
    /// Mean over the simulated terms.
    pub expected_revenue: f64,
    /// 5th percentile.
    pub revenue_p5: f64,
    /// 95th percentile.
    pub revenue_p95: f64,
    /// The revenue at the forecast volume (no band outcome).
    pub forecast_revenue: f64,
    /// Share of simulated months below the band.
    pub share_of_months_below: f64,
    /// Share above it.
    pub share_of_months_above: f64,
    /// Terms simulated.
    pub replications: u32,
}

/// One line of the cost build-up.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CostBuildUpLine {
    /// What it is for.
    pub line: String,
    /// Over the term and transition.
    pub cost: f64,
}

/// The finance views of a priced bid.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FinanceResult {
    /// The client's currency.
    pub client_currency: String,
    /// Annual discount rate of `npv`.
    pub discount_rate: f64,
    /// Days from the end of a month to its payment.
    pub payment_terms_days: u32,
    /// The cash flow month by month, the transition first.
    pub cash_flow: Vec<CashMonth>,
    /// The first month of the term whose cumulative is ≥ 0; `None` when none is.
    pub payback_month: Option<u32>,
    /// `Σ net_t ÷ (1 + discount_rate)^(t/12)`, t the cash-flow month (month-end flows).
    pub npv: f64,
    /// The annual rate at which `npv` is 0; `None` when the flows never change sign.
    pub irr: Option<f64>,
    /// "level": one price over the term; "yearly": each year at its own cost.
    pub price_basis: crate::scenario::PriceBasis,
    /// The price of each contract year.
    pub prices_by_year: Vec<YearPrice>,
    /// Each site's P&L month by month, the transition first.
    pub sites_pnl: Vec<SitePnl>,
    /// The revenue under `[bid.volume_bands]`, when the contract has them.
    pub volume_bands: Option<BandRevenue>,
    /// The costs by what they are for, summing to the total cost.
    pub cost_build_up: Vec<CostBuildUpLine>,
}

/// One input's bar.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SensitivityBar {
    /// The input moved.
    pub input: crate::scenario::SensitivityInput,
    /// Its low change: a share for AHT, volume and wages; annual points for attrition.
    pub low: f64,
    /// Its high change.
    pub high: f64,
    /// The expected margin with the input at its low.
    pub margin_low: f64,
    /// … and at its high.
    pub margin_high: f64,
}

/// A portfolio of bids, one per queue, summed: the `totals` of `staffsim bid --json` on a
/// portfolio. Ratios are `None` where their denominator is zero.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BidTotals {
    /// Expected SLA credits over every queue's term.
    pub expected_sla_credits: f64,
    /// Contacts (sessions, transactions, right-party contacts) handled.
    pub handled: f64,
    /// (revenue − cost) ÷ revenue.
    pub margin: Option<f64>,
    /// (revenue − cost − expected credits) ÷ revenue.
    pub margin_after_expected_credits: Option<f64>,
    /// Revenue ÷ required FTE-months.
    pub price_per_fte_month: Option<f64>,
    /// Revenue ÷ handled units, every channel's unit counted as one.
    pub price_per_handled_unit: Option<f64>,
    /// Required FTE-months, summed over queues and months.
    pub required_fte_months: f64,
    /// Revenue.
    pub revenue: f64,
    /// Total cost.
    pub total_cost: f64,
}

impl BidTotals {
    /// The sums and blended ratios of `bids`.
    pub fn of(bids: &[BidResult]) -> Self {
        let sum = |f: &dyn Fn(&BidResult) -> f64| bids.iter().map(f).sum::<f64>();
        let total_cost = sum(&|r| r.total_cost);
        let revenue = sum(&|r| r.revenue);
        let handled = sum(&|r| r.months.iter().map(|m| m.handled).sum());
        let required_fte_months = sum(&|r| r.months.iter().map(|m| m.required_fte).sum());
        let expected_sla_credits = sum(&|r| r.expected_sla_credits);
        let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
        Self {
            expected_sla_credits,
            handled,
            margin: ratio(revenue - total_cost, revenue),
            margin_after_expected_credits: ratio(
                revenue - total_cost - expected_sla_credits,
                revenue,
            ),
            price_per_fte_month: ratio(revenue, required_fte_months),
            price_per_handled_unit: ratio(revenue, handled),
            required_fte_months,
            revenue,
            total_cost,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_row_has_every_field_of_the_month_in_order_with_the_interval_as_two_columns() {
        let month = BidMonth {
            month: 1,
            label: "2027-01".into(),
            volume: 1.0,
            handled: 2.0,
            handled_minutes: 3.0,
            required_agent_hours: 4.0,
            required_fte: 5.0,
            effective_fte: 6.0,
            hours_per_fte: 7.0,
            bench_fte: 8.0,
            bench_cost: 9.0,
            hires: 10,
            classes: 11,
            leavers: 12,
            headcount: 13,
            paid_hours: 14.0,
            labour_cost: 15.0,
            cost: 16.0,
            fee: 17.0,
            p_miss_sla: 0.25,
            p_miss_sla_ci95: [0.125, 0.5],
        };
        // The month's fields in declaration order, as JSON writes them.
        let json = serde_json::to_string(&month).unwrap();
        let mut expected: Vec<String> = json
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|k| json.contains(&format!("\"{k}\":")))
            .map(str::to_string)
            .collect();
        expected.retain(|k| k != "p_miss_sla_ci95");
        expected.extend(["p_miss_sla_lo".into(), "p_miss_sla_hi".into()]);
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(BidMonthRow(&month)).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(header, expected);
        let row: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(row[1], "2027-01");
        assert_eq!(&row[row.len() - 3..], ["0.25", "0.125", "0.5"]);
    }
}
