//! Cost arithmetic: labour cost and cost per contact. Plain numbers in, plain numbers out.

/// Labour cost of paid agent hours at a loaded hourly cost.
///
/// # Formula
///
/// ```text
/// labour_cost = scheduled_agent_hours × hourly_cost
/// ```
pub fn labour_cost(scheduled_agent_hours: f64, hourly_cost: f64) -> f64 {
    scheduled_agent_hours * hourly_cost
}

/// Cost per handled contact; `None` when no contact is answered.
///
/// # Formula
///
/// ```text
/// cost_per_contact = cost ÷ contacts answered
/// ```
pub fn per_contact(cost: f64, answered: f64) -> Option<f64> {
    (answered > 0.0).then(|| cost / answered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_per_contact_is_undefined_without_contacts() {
        assert_eq!(labour_cost(10.0, 25.0), 250.0);
        assert_eq!(per_contact(250.0, 100.0), Some(2.5));
        assert_eq!(per_contact(250.0, 0.0), None);
    }
}
