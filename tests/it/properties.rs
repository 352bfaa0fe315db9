//! Properties of the analytic models that must hold for every input, checked with proptest.

use proptest::prelude::*;
use staffsim::queueing::{Constraints, ErlangA, ErlangC, QueueModel, ServiceTarget, SlDefinition};
use staffsim::units::Seconds;

const DEFINITIONS: [SlDefinition; 3] = [
    SlDefinition::Offered,
    SlDefinition::Answered,
    SlDefinition::OfferedMinusShortAbandons,
];

fn in_unit_interval(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

proptest! {
    // A fixed seed keeps CI deterministic; raise PROPTEST_CASES locally to search harder.
    #![proptest_config(ProptestConfig {
        cases: 256,
        rng_seed: proptest::test_runner::RngSeed::Fixed(2026),
        ..ProptestConfig::default()
    })]

    #[test]
    fn erlang_c_service_level_rises_with_agents(load in 0.01f64..400.0, aht in 10.0f64..900.0, within in 0.0f64..120.0) {
        let model = ErlangC::new(load, Seconds(aht)).unwrap();
        let first = load.floor() as u32;
        let mut previous = model.service_level(first, Seconds(within));
        for agents in first + 1..first + 40 {
            let sl = model.service_level(agents, Seconds(within));
            prop_assert!(sl >= previous - 1e-12, "SL fell from {previous} to {sl} at {agents} agents");
            previous = sl;
        }
    }

    #[test]
    fn erlang_a_service_level_rises_with_agents(load in 0.01f64..200.0, aht in 10.0f64..900.0, patience in 5.0f64..1200.0, within in 0.0f64..120.0) {
        let model = ErlangA::new(load, Seconds(aht), Seconds(patience)).unwrap();
        for definition in DEFINITIONS {
            let mut previous = model.performance(0, Seconds(within), definition).service_level;
            for agents in 1..(load as u32 + 30) {
                let sl = model.performance(agents, Seconds(within), definition).service_level;
                prop_assert!(sl >= previous - 1e-12, "{definition}: SL fell from {previous} to {sl} at {agents}");
                previous = sl;
            }
        }
    }

    #[test]
    fn every_probability_lies_in_the_unit_interval(load in 0.0f64..3000.0, aht in 1.0f64..3600.0, patience in 1.0f64..3600.0, agents in 0u32..3500, within in 0.0f64..600.0) {
        let c = ErlangC::new(load, Seconds(aht)).unwrap().performance(agents, Seconds(within), SlDefinition::Offered);
        prop_assert!(in_unit_interval(c.p_wait) && in_unit_interval(c.service_level) && in_unit_interval(c.occupancy), "{c:?}");
        prop_assert!(c.asa.is_none_or(|a| a.get().is_finite() && a.get() >= 0.0));
        for definition in DEFINITIONS {
            let a = ErlangA::new(load, Seconds(aht), Seconds(patience)).unwrap().performance(agents, Seconds(within), definition);
            prop_assert!(in_unit_interval(a.p_wait) && in_unit_interval(a.service_level) && in_unit_interval(a.occupancy), "{a:?}");
            prop_assert!(in_unit_interval(a.abandon_rate.unwrap()), "{a:?}");
            prop_assert!(a.asa.is_none_or(|w| w.get().is_finite() && w.get() >= 0.0), "{a:?}");
        }
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_as_patience_grows(load in 0.1f64..300.0, aht in 30.0f64..600.0, extra in 1u32..30, within in 0.0f64..60.0) {
        // At least half an agent of slack: closer to critical load, even a patience of 10⁹ AHTs
        // moves the (then enormous) queue measurably.
        let agents = (load + 0.5).ceil() as u32 + extra - 1;
        let c = ErlangC::new(load, Seconds(aht)).unwrap().performance(agents, Seconds(within), SlDefinition::Offered);
        let a = ErlangA::new(load, Seconds(aht), Seconds(aht * 1e9)).unwrap().performance(agents, Seconds(within), SlDefinition::Offered);
        prop_assert!((a.p_wait - c.p_wait).abs() < 1e-5, "p_wait {} vs {}", a.p_wait, c.p_wait);
        prop_assert!((a.service_level - c.service_level).abs() < 1e-5, "SL {} vs {}", a.service_level, c.service_level);
        let (asa_a, asa_c) = (a.asa.unwrap().get(), c.asa.unwrap().get());
        prop_assert!((asa_a - asa_c).abs() <= 1e-4 * asa_c.max(1.0), "ASA {asa_a} vs {asa_c}");
        prop_assert!(a.abandon_rate.unwrap() < 1e-5);
    }

    #[test]
    fn erlang_a_occupancy_is_answered_load_over_agents(load in 0.01f64..500.0, aht in 10.0f64..900.0, patience in 5.0f64..1200.0, agents in 1u32..600) {
        let p = ErlangA::new(load, Seconds(aht), Seconds(patience)).unwrap().performance(agents, Seconds(20.0), SlDefinition::Offered);
        let expected = (1.0 - p.abandon_rate.unwrap()) * load / f64::from(agents);
        prop_assert!((p.occupancy - expected.min(1.0)).abs() < 1e-12);
    }

    #[test]
    fn the_solver_meets_the_target_and_one_agent_fewer_does_not(
        load in 0.05f64..800.0, aht in 30.0f64..900.0, sl in 0.5f64..0.99, within in 5.0f64..90.0,
        patience in proptest::option::of(10.0f64..900.0), max_occupancy in proptest::option::of(0.7f64..1.0),
    ) {
        let model = QueueModel::new(load, Seconds(aht), patience.map(Seconds)).unwrap();
        let constraints = Constraints {
            target: Some(ServiceTarget::new(sl, Seconds(within), SlDefinition::Offered).unwrap()),
            max_occupancy,
            ..Constraints::default()
        };
        let solved = model.required_agents(&constraints).unwrap();
        prop_assert!(constraints.are_met_by(&solved), "{solved:?}");
        prop_assert!(solved.agents > 0);
        let fewer = model.performance(solved.agents - 1, Seconds(within), SlDefinition::Offered);
        prop_assert!(!constraints.are_met_by(&fewer), "{fewer:?} also meets the constraints");
    }
}
