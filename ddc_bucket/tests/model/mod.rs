//! Model-based randomized testing: a reference model of the contract in plain Rust, a generator
//! of random call sequences, and a runner that plays a sequence against a `Target` (the plain
//! `Ddc` off-chain, or the release contract on drink) and compares the two after every step.
//!
//! The model is written from the specification (docs/design.md, docs/deviations.md), not from
//! the contract: its arithmetic is on unbounded integers (`BigUint`), and a result that does not
//! fit the contract's types is where the contract must answer `Overflow` (or saturate, where the
//! specification says so). It mirrors the order in which each message checks its inputs, since
//! that order decides which typed error a call with several faults returns.
//!
//! - `operations.rs`: `Op`, `Msg`, `Call`, `Outcome` and the sequence generators;
//! - `reference_model.rs`: the `Model` and what each call does to it (`Model::apply`);
//! - `runner.rs`: the `Target` trait, `run_sequence`, the observation (`Obs`) and `read_list`.
//!
//! Shared by `ddc_bucket/tests/model_offchain.rs` and `tests/tests/drink_model.rs`, which
//! include this file by path (each uses part of it, hence `dead_code` is allowed).
#![allow(dead_code)]

mod operations;
mod reference_model;
mod runner;

pub use operations::*;
pub use reference_model::*;
pub use runner::*;
