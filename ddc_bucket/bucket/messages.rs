//! Bucket messages: create, allocate resources (which starts or raises the rent flow), settle
//! the rent, change params, read and list buckets.

use super::entity::{BucketInStatus, BucketRecord, BucketStatus};
use crate::account::entity::Account;
use crate::core::Ddc;
use crate::error::{Error, Result};
use crate::events::{
    BucketAllocated, BucketClosed, BucketCreated, BucketOwnerChanged, BucketOwnerOffered,
    BucketParamsSet, BucketReleased, BucketResourceCapSet, BucketSettlePayment,
    BucketWriterPermSet, Events, GracePeriodSet,
};
use crate::flow::{covered_until, settle, Flow, Settlement};
use crate::limits::{check_params, MAX_GRACE_PERIOD_MS, MAX_WRITERS, MIN_GRACE_PERIOD_MS};
use crate::math::mul;
use crate::paging::{collect, page, ListResult};
use crate::perm::entity::Permission;
use crate::schedule::Schedule;
use crate::types::{AccountId, BucketId, BucketParams, ClusterId, Ctx, Resource, Timestamp};
use ink::prelude::{vec, vec::Vec};

impl Ddc {
    pub fn bucket_create(
        &mut self,
        ctx: Ctx,
        bucket_params: BucketParams,
        cluster_id: ClusterId,
        ev: &mut Events,
    ) -> Result<BucketId> {
        check_params(&bucket_params)?;
        if self.clusters.get(cluster_id)?.removed {
            return Err(Error::ClusterWasRemoved);
        }
        let owner_id = ctx.caller;
        // The owner pays: make sure it has an account even if it sends no value.
        if !self.accounts.exists(owner_id) {
            self.accounts.save(owner_id, &Account::default());
        }
        let bucket = BucketRecord {
            owner_id,
            cluster_id,
            flow: Flow {
                from: owner_id,
                schedule: Schedule::empty(),
            },
            resource_reserved: 0,
            resource_cap: 0,
            price_cap: 0,
            closed_at: None,
        };
        let bucket_id = self.buckets.create(&bucket, &bucket_params)?;
        ev.push(
            BucketCreated {
                bucket_id,
                owner_id,
            }
            .into(),
        );
        self.accept_value(ctx, ev)?;
        Ok(bucket_id)
    }

    /// Allocates `resource` per vnode of the bucket's cluster to the bucket, at the cluster's
    /// current price (`total_rent` USD per month per unit), which the allocation keeps. The
    /// owner may allocate freely; the cluster's manager only within the owner's consent
    /// (`bucket_set_resource_cap`).
    pub fn bucket_alloc_into_cluster(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        resource: Resource,
        ev: &mut Events,
    ) -> Result<()> {
        let mut bucket = self.buckets.get(bucket_id)?;
        let mut core = self.clusters.get(bucket.cluster_id)?;
        let by_owner = ctx.caller == bucket.owner_id;
        if !by_owner && ctx.caller != core.manager_id {
            return Err(Error::UnauthorizedOwner);
        }
        if bucket.closed_at.is_some() {
            return Err(Error::BucketClosed);
        }
        core.resource_used = core
            .resource_used
            .checked_add(resource)
            .filter(|used| *used <= core.resource_per_vnode)
            .ok_or(Error::InsufficientResources)?;
        bucket.resource_reserved = bucket
            .resource_reserved
            .checked_add(resource)
            .ok_or(Error::Overflow)?;
        if !by_owner
            && (bucket.resource_reserved > bucket.resource_cap
                || core.total_rent > bucket.price_cap)
        {
            return Err(Error::AllowanceExceeded);
        }
        // The ring's price changes only while no bucket holds resource in the cluster, so all
        // of a bucket's allocations are at the current price. Constant-cost product: the call
        // costs the same at any rent (gas estimates hold).
        let extra_rate = mul(core.total_rent, resource.into())?;
        let extra = Schedule::new(ctx.now, extra_rate)?;
        let mut payer = self.accounts.get(bucket.flow.from)?;
        bucket.flow.schedule.add(&extra)?;
        payer.payable_schedule.add(&extra)?;
        if extra_rate > 0 {
            self.check_deposit_covers_grace(&payer, ctx.now)?;
        }
        self.accounts.save(bucket.flow.from, &payer);
        self.clusters.save(bucket.cluster_id, &core);
        self.buckets.save(bucket_id, &bucket);
        ev.push(
            BucketAllocated {
                bucket_id,
                cluster_id: bucket.cluster_id,
                resource,
            }
            .into(),
        );
        Ok(())
    }

    /// Moves the rent due since the last settlement from the payer's deposit to the cluster's
    /// revenues, converted at the current rate. Anyone may call it. A short deposit pays what
    /// it covers and the rest stays due (see `flow.rs`).
    pub fn bucket_settle_payment(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        ev: &mut Events,
    ) -> Result<()> {
        let mut bucket = self.buckets.get(bucket_id)?;
        let mut payer = self.accounts.get(bucket.flow.from)?;
        self.settle_bucket(ctx, bucket_id, &mut bucket, &mut payer, ev)?;
        self.buckets.save(bucket_id, &bucket);
        self.accounts.save(bucket.flow.from, &payer);
        Ok(())
    }

    /// Settles `bucket` at `ctx.now` into its cluster's revenues; the caller saves both.
    fn settle_bucket(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        bucket: &mut BucketRecord,
        payer: &mut Account,
        ev: &mut Events,
    ) -> Result<()> {
        let st = self.settle_flow(ctx, bucket, payer)?;
        self.pay_settlement(bucket_id, bucket, payer, st, ev)
    }

    /// Moves a settlement's `cere` from `payer` to the bucket's cluster and reports it.
    /// Written even when nothing moved, and `settle` runs the same arithmetic whatever it
    /// computes: the cost does not depend on the time elapsed, so a dry run in an earlier
    /// block (nothing due yet) estimates exactly the gas the real call needs.
    fn pay_settlement(
        &mut self,
        bucket_id: BucketId,
        bucket: &BucketRecord,
        payer: &mut Account,
        st: Settlement,
        ev: &mut Events,
    ) -> Result<()> {
        self.settle_into_revenues(payer, bucket.cluster_id, st.cere)?;
        ev.push(
            BucketSettlePayment {
                bucket_id,
                cluster_id: bucket.cluster_id,
                value: st.cere,
                usd_rate_ms: st.taken,
                usd_per_cere: self.ledger.rate().get(),
            }
            .into(),
        );
        Ok(())
    }

    /// The settlement's effect on the flow and the payer's schedule and carry (no storage
    /// written): what it takes, which `pay_settlement` then moves.
    fn settle_flow(
        &self,
        ctx: Ctx,
        bucket: &mut BucketRecord,
        payer: &mut Account,
    ) -> Result<Settlement> {
        let st = settle(
            &bucket.flow.schedule,
            ctx.now,
            payer.deposit.value,
            payer.settlement_carry,
            self.ledger.rate(),
        )?;
        let take = bucket.flow.schedule.split(st.taken);
        bucket.flow.schedule.take(take)?;
        payer.payable_schedule.take(take)?;
        payer.settlement_carry = st.carry;
        Ok(st)
    }

    /// Lets others (the cluster's manager) allocate into the bucket up to `new_resource_cap`
    /// per vnode in all, at a price per unit up to the cluster's current `total_rent`. Owner
    /// only; 0 withdraws the consent.
    pub fn bucket_set_resource_cap(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        new_resource_cap: Resource,
        ev: &mut Events,
    ) -> Result<()> {
        let mut bucket = self.owned_bucket(ctx.caller, bucket_id)?;
        bucket.resource_cap = new_resource_cap;
        bucket.price_cap = self.clusters.get(bucket.cluster_id)?.total_rent;
        self.buckets.save(bucket_id, &bucket);
        ev.push(
            BucketResourceCapSet {
                bucket_id,
                resource_cap: bucket.resource_cap,
                price_cap: bucket.price_cap,
            }
            .into(),
        );
        Ok(())
    }

    /// Releases `resource` per vnode: settles to the millisecond, then lowers the rent by
    /// exactly what that resource costs at the price it was allocated at (the most recent
    /// allocations first) and gives the capacity back to the cluster. Owner only.
    pub fn bucket_release_resource(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        resource: Resource,
        ev: &mut Events,
    ) -> Result<()> {
        self.release(ctx, bucket_id, Release::Part(resource), ev)
    }

    /// Closes the bucket: releases everything, settles, and stops the flow. DDC nodes stop
    /// serving it; the owner can withdraw all that it does not owe. Owner only.
    pub fn bucket_close(&mut self, ctx: Ctx, bucket_id: BucketId, ev: &mut Events) -> Result<()> {
        self.release(ctx, bucket_id, Release::Close, ev)
    }

    /// Expires a bucket whose payer has not covered its rent for more than the grace period:
    /// settles what the deposit pays, releases the allocation and stops the flow. The unpaid
    /// rest stays owed by the payer (its `payable_schedule.arrears`), reserved from its next
    /// deposits and paid to the cluster by the next settlement. Anyone may call it.
    pub fn bucket_expire(&mut self, ctx: Ctx, bucket_id: BucketId, ev: &mut Events) -> Result<()> {
        self.release(ctx, bucket_id, Release::Expire, ev)
    }

    /// No squatting: capacity is held only by a payer whose deposit covers all its rent, the
    /// new rate included, for at least the grace period (after which an unfunded bucket can be
    /// expired). Otherwise `InsufficientDeposit`.
    fn check_deposit_covers_grace(&self, payer: &Account, now: Timestamp) -> Result<()> {
        let needed = now.saturating_add(self.buckets.grace_period_ms());
        if self.payer_covered_until(payer)? < needed {
            return Err(Error::InsufficientDeposit);
        }
        Ok(())
    }

    /// Hands the bucket to another account, in two steps so that nobody pays without consent.
    /// The owner offers it (`owner_id` = the new owner; its own id withdraws the offer); the
    /// new owner accepts by calling with `owner_id` = itself, at a rent no higher than when
    /// offered (`AllowanceExceeded`: the owner allocated more since). On acceptance the old payer's
    /// rent is settled to the millisecond (it must be paid in full: debts do not change
    /// hands), the flow moves to the new owner, who must cover it for the grace period (value
    /// sent with the call counts), writers and the resource cap are cleared (they were the old
    /// owner's grants), and the per-owner index follows.
    pub fn bucket_change_owner(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        owner_id: AccountId,
        ev: &mut Events,
    ) -> Result<()> {
        let mut bucket = self.buckets.get(bucket_id)?;
        if bucket.closed_at.is_some() {
            return Err(Error::BucketClosed);
        }
        if ctx.caller == bucket.owner_id {
            let offer = Some((owner_id, bucket.flow.schedule.rate)).filter(|o| o.0 != ctx.caller);
            self.buckets.set_owner_offer(bucket_id, offer);
            ev.push(
                BucketOwnerOffered {
                    bucket_id,
                    owner_id,
                }
                .into(),
            );
            return self.accept_value(ctx, ev);
        }
        let Some((offeree, offered_rate)) = self.buckets.owner_offer(bucket_id) else {
            return Err(Error::UnauthorizedOwner);
        };
        if owner_id != ctx.caller || offeree != ctx.caller {
            return Err(Error::UnauthorizedOwner);
        }
        // The offeree accepted the rent it saw: an allocation since the offer needs a new one.
        if bucket.flow.schedule.rate > offered_rate {
            return Err(Error::AllowanceExceeded);
        }
        // Every check before anything is written.
        let previous_owner_id = bucket.owner_id;
        let mut old_payer = self.accounts.get(previous_owner_id)?;
        let st = self.settle_flow(ctx, &mut bucket, &mut old_payer)?;
        if bucket.flow.schedule.value_at_time(ctx.now)? != 0 {
            return Err(Error::InsufficientBalance);
        }
        old_payer.payable_schedule.sub(&bucket.flow.schedule)?;
        let mut new_payer = self.accounts.get_or_new(owner_id);
        new_payer.payable_schedule.add(&bucket.flow.schedule)?;
        new_payer.deposit.value = new_payer.deposit.value.saturating_add(ctx.value);
        if bucket.flow.schedule.rate > 0 {
            self.check_deposit_covers_grace(&new_payer, ctx.now)?;
        }
        // The value sent is credited (and reported) first, as by any payable message. Once it
        // succeeded, `new_payer` is the account it wrote plus the flow: saved as it is.
        self.accept_value(ctx, ev)?;
        self.pay_settlement(bucket_id, &bucket, &mut old_payer, st, ev)?;
        self.accounts.save(previous_owner_id, &old_payer);
        self.accounts.save(owner_id, &new_payer);
        self.buckets
            .by_owner
            .remove(&previous_owner_id, bucket_id)?;
        self.buckets.by_owner.push(&owner_id, bucket_id)?;
        self.buckets.set_owner_offer(bucket_id, None);
        self.buckets.set_writers(bucket_id, &vec![]);
        bucket.owner_id = owner_id;
        bucket.flow.from = owner_id;
        bucket.resource_cap = 0;
        bucket.price_cap = 0;
        self.buckets.save(bucket_id, &bucket);
        ev.push(
            BucketOwnerChanged {
                bucket_id,
                owner_id,
                previous_owner_id,
            }
            .into(),
        );
        Ok(())
    }

    /// Allows `writer` to write to the bucket. Owner only; at most `MAX_WRITERS`.
    pub fn bucket_set_writer_perm(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        writer: AccountId,
        ev: &mut Events,
    ) -> Result<()> {
        self.writer_perm(ctx, bucket_id, writer, true, ev)
    }

    /// Takes `writer`'s permission to write to the bucket away. Owner only.
    pub fn bucket_revoke_writer_perm(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        writer: AccountId,
        ev: &mut Events,
    ) -> Result<()> {
        self.writer_perm(ctx, bucket_id, writer, false, ev)
    }

    /// Grants or revokes `writer`'s permission: both messages in one function (one copy of
    /// the load, the search and the write).
    fn writer_perm(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        writer: AccountId,
        granted: bool,
        ev: &mut Events,
    ) -> Result<()> {
        let bucket = self.owned_bucket(ctx.caller, bucket_id)?;
        let mut writers = self.buckets.writers(bucket_id);
        // A writer is listed once (a grant refuses a second time).
        let index = writers.iter().position(|w| *w == writer);
        if granted {
            if writer == bucket.owner_id || index.is_some() {
                return Err(Error::AlreadyWriter);
            }
            if writers.len() >= MAX_WRITERS {
                return Err(Error::TooManyWriters);
            }
            writers.push(writer);
        } else {
            let Some(index) = index else {
                return Err(Error::NotWriter);
            };
            writers.remove(index);
        }
        self.buckets.set_writers(bucket_id, &writers);
        ev.push(
            BucketWriterPermSet {
                bucket_id,
                writer,
                granted,
            }
            .into(),
        );
        Ok(())
    }

    /// The accounts besides the owner allowed to write to the bucket.
    pub fn get_bucket_writers(&self, bucket_id: BucketId) -> Result<Vec<AccountId>> {
        self.buckets.get(bucket_id)?;
        Ok(self.buckets.writers(bucket_id))
    }

    /// The bucket, if `caller` owns it and it is open.
    fn owned_bucket(&self, caller: AccountId, bucket_id: BucketId) -> Result<BucketRecord> {
        let bucket = self.buckets.get(bucket_id)?;
        if bucket.owner_id != caller {
            return Err(Error::UnauthorizedOwner);
        }
        if bucket.closed_at.is_some() {
            return Err(Error::BucketClosed);
        }
        Ok(bucket)
    }

    /// The three messages that release resource, in one function (one copy of the loading
    /// and checks): settles, takes `resource` off at the price it was allocated at (the ring's
    /// price, which cannot change while the bucket holds resource), re-bases the flow at the
    /// lower rate (what stays unpaid becomes arrears), gives the capacity back; a close or an
    /// expiry releases everything and closes the bucket.
    fn release(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        how: Release,
        ev: &mut Events,
    ) -> Result<()> {
        let mut bucket = self.buckets.get(bucket_id)?;
        // Anyone may expire a bucket; only its owner releases or closes it.
        if how != Release::Expire && bucket.owner_id != ctx.caller {
            return Err(Error::UnauthorizedOwner);
        }
        if bucket.closed_at.is_some() {
            return Err(Error::BucketClosed);
        }
        let resource = match how {
            Release::Part(resource) => resource,
            Release::Close | Release::Expire => bucket.resource_reserved,
        };
        if resource > bucket.resource_reserved {
            return Err(Error::InsufficientResources);
        }
        let mut payer = self.accounts.get(bucket.flow.from)?;
        if how == Release::Expire {
            let covered = self.payer_covered_until(&payer)?;
            if bucket.flow.schedule.rate == 0
                || covered.saturating_add(self.buckets.grace_period_ms()) >= ctx.now
            {
                return Err(Error::NotExpired);
            }
        }
        let mut core = self.clusters.get(bucket.cluster_id)?;
        self.settle_bucket(ctx, bucket_id, &mut bucket, &mut payer, ev)?;
        let rate_off = mul(core.total_rent, resource.into())?;
        let old = bucket.flow.schedule;
        let new_rate = old.rate.checked_sub(rate_off).ok_or(Error::Overflow)?;
        let new = old.rebase(ctx.now, new_rate)?;
        payer.payable_schedule.sub(&old)?;
        payer.payable_schedule.add(&new)?;
        bucket.flow.schedule = new;
        // At most what is reserved (checked above).
        bucket.resource_reserved = bucket.resource_reserved.saturating_sub(resource);
        core.resource_used = core
            .resource_used
            .checked_sub(resource)
            .ok_or(Error::Overflow)?;
        ev.push(
            BucketReleased {
                bucket_id,
                cluster_id: bucket.cluster_id,
                resource,
                rate: rate_off,
            }
            .into(),
        );
        // Not `Part`: a close or an expiry (compared by value, smaller code than `matches!`).
        if how != Release::Part(resource) {
            bucket.closed_at = Some(ctx.now);
            ev.push(
                BucketClosed {
                    bucket_id,
                    cluster_id: bucket.cluster_id,
                    expired: how == Release::Expire,
                    arrears: new.arrears,
                }
                .into(),
            );
        }
        self.clusters.save(bucket.cluster_id, &core);
        self.accounts.save(bucket.flow.from, &payer);
        self.buckets.save(bucket_id, &bucket);
        Ok(())
    }

    /// Sets the grace period after which an unfunded bucket may be expired. SuperAdmin only;
    /// within `MIN_GRACE_PERIOD_MS ..= MAX_GRACE_PERIOD_MS`.
    pub fn admin_set_grace_period(
        &mut self,
        ctx: Ctx,
        grace_period_ms: Timestamp,
        ev: &mut Events,
    ) -> Result<()> {
        self.perms.check(ctx.caller, Permission::SuperAdmin)?;
        if !(MIN_GRACE_PERIOD_MS..=MAX_GRACE_PERIOD_MS).contains(&grace_period_ms) {
            return Err(Error::InvalidGracePeriod);
        }
        self.buckets.set_grace_period_ms(grace_period_ms);
        ev.push(GracePeriodSet { grace_period_ms }.into());
        Ok(())
    }

    pub fn bucket_get_grace_period(&self) -> Timestamp {
        self.buckets.grace_period_ms()
    }

    pub fn bucket_change_params(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        params: BucketParams,
        ev: &mut Events,
    ) -> Result<()> {
        let bucket = self.buckets.get(bucket_id)?;
        if bucket.owner_id != ctx.caller {
            return Err(Error::UnauthorizedOwner);
        }
        check_params(&params)?;
        self.buckets.set_params(bucket_id, &params);
        ev.push(BucketParamsSet { bucket_id, params }.into());
        self.accept_value(ctx, ev)
    }

    /// The last millisecond `payer`'s deposit covers all its flows. Saturating: a deposit worth
    /// more than u128 holds covers the rent for ever, so an accepted rate never makes a bucket
    /// unreadable or unlisted.
    fn payer_covered_until(&self, payer: &Account) -> Result<Timestamp> {
        covered_until(
            &payer.payable_schedule,
            payer.deposit.value,
            payer.settlement_carry,
            self.ledger.rate(),
        )
    }

    pub fn bucket_get(&self, bucket_id: BucketId) -> Result<BucketStatus> {
        let bucket = self.buckets.get(bucket_id)?;
        let covered = self.payer_covered_until(&self.accounts.get(bucket.flow.from)?)?;
        // A closed bucket is not served: covered until its close at most.
        let rent_covered_until_ms = bucket.closed_at.map_or(covered, |at| covered.min(at));
        let params = self.buckets.params(bucket_id)?;
        // The owner first, then the writers.
        let mut writer_ids = self.buckets.writers(bucket_id);
        writer_ids.insert(0, bucket.owner_id);
        Ok(BucketStatus {
            bucket_id,
            bucket: BucketInStatus::from(&bucket),
            params,
            writer_ids,
            rent_covered_until_ms,
        })
    }

    pub fn bucket_list(
        &self,
        offset: u32,
        limit: u32,
        filter_owner_id: Option<AccountId>,
    ) -> ListResult<BucketStatus> {
        collect(
            page(
                offset,
                limit,
                filter_owner_id,
                self.buckets.created,
                &self.buckets.by_owner,
            ),
            |id| self.bucket_get(id).ok(),
        )
    }
}

/// Which message `release` runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Release {
    /// `bucket_release_resource`: this much, the bucket stays open.
    Part(Resource),
    /// `bucket_close`: everything, by the owner.
    Close,
    /// `bucket_expire`: everything, by anyone, once the rent is uncovered past the grace.
    Expire,
}
