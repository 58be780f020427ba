//! The public types can be shared across threads.

use eduaid::{
    Area, Code, Decimal, Entry, Error, Framework, Ledger, Loaded, Measure, Milestone, Money, Name,
    NewEntry, Pairing, Party, Plan, Programme, ProgrammeSpec, Project, Rule, School, StatCalendar,
    StatMonth, Target, Violation, Violations,
};

fn send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    send_sync::<Programme>();
    send_sync::<ProgrammeSpec>();
    send_sync::<Ledger>();
    send_sync::<Loaded>();
    send_sync::<Entry<'static>>();
    send_sync::<NewEntry>();
    send_sync::<Money>();
    send_sync::<Decimal>();
    send_sync::<Code>();
    send_sync::<Name>();
    send_sync::<Error>();
    send_sync::<Violation>();
    send_sync::<Violations>();
    send_sync::<Rule>();
    send_sync::<StatCalendar>();
    send_sync::<StatMonth>();
    send_sync::<Area>();
    send_sync::<School>();
    send_sync::<Pairing>();
    send_sync::<Party>();
    send_sync::<Measure>();
    send_sync::<Framework>();
    send_sync::<Project>();
    send_sync::<Plan>();
    send_sync::<Target>();
    send_sync::<Milestone>();
}

#[test]
fn a_ledger_is_read_from_another_thread() {
    let ledger = std::sync::Arc::new(
        Ledger::read_csv(
            std::sync::Arc::new(Programme::canonical()),
            "id,date,project,area,measure,breakdown,value\nt,2019-06-10,rural-teachers,fuping,people-trained,local,3\n".as_bytes(),
            "l.csv",
        )
        .unwrap()
        .accept_valid_rows(),
    );
    let l = std::sync::Arc::clone(&ledger);
    let total = std::thread::spawn(move || l.iter().map(|e| e.raw_value()).sum::<i64>())
        .join()
        .unwrap();
    assert_eq!(total, 3);
}
