//! Bucket messages: create, allocate resources (which starts or raises the rent flow), settle
//! the rent, change params, read and list buckets.

use super::entity::{BucketInStatus, BucketRecord, BucketStatus};
use crate::account::entity::Account;
use crate::core::Ddc;
use crate::error::{Error, Result};
use crate::events::{BucketAllocated, BucketCreated, BucketParamsSet, BucketSettlePayment, Events};
use crate::flow::{covered_until, settle, Flow};
use crate::limits::check_params;
use crate::math::mul;
use crate::paging::{collect, page, ListResult};
use crate::schedule::Schedule;
use crate::types::{AccountId, BucketId, BucketParams, ClusterId, Ctx, Resource};
use ink::prelude::vec;

impl Ddc {
    pub fn bucket_create(
        &mut self,
        ctx: Ctx,
        bucket_params: BucketParams,
        cluster_id: ClusterId,
        ev: &mut Events,
    ) -> Result<BucketId> {
        check_params(&bucket_params)?;
        if !self.clusters.exists(cluster_id) {
            return Err(Error::ClusterDoesNotExist);
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

    /// Allocates `resource` per vnode of the bucket's cluster to the bucket. The payer's rent
    /// rises by `cluster.total_rent × resource` USD per month from now on.
    pub fn bucket_alloc_into_cluster(
        &mut self,
        ctx: Ctx,
        bucket_id: BucketId,
        resource: Resource,
        ev: &mut Events,
    ) -> Result<()> {
        let mut bucket = self.buckets.get(bucket_id)?;
        let mut core = self.clusters.get(bucket.cluster_id)?;
        if ctx.caller != core.manager_id && ctx.caller != bucket.owner_id {
            return Err(Error::UnauthorizedOwner);
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
        // Constant-cost product: the call costs the same at any rent (gas estimates hold).
        let extra_rate = mul(core.total_rent, resource.into())?;
        let extra = Schedule::new(ctx.now, extra_rate)?;
        let mut payer = self.accounts.get(bucket.flow.from)?;
        bucket.flow.schedule.add(&extra)?;
        payer.payable_schedule.add(&extra)?;
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
        let st = settle(
            &bucket.flow.schedule,
            ctx.now,
            payer.deposit.value,
            payer.settlement_carry,
            self.ledger.rate()?,
        )?;
        // Written even when nothing moved, and `settle` runs the same arithmetic whatever it
        // computes: the cost does not depend on the time elapsed, so a dry run in an earlier
        // block (nothing due yet) estimates exactly the gas the real call needs.
        self.settle_into_revenues(&mut payer, bucket.cluster_id, st.cere)?;
        bucket.flow.schedule.take_value(st.taken)?;
        payer.payable_schedule.take_value(st.taken)?;
        payer.settlement_carry = st.carry;
        self.buckets.save(bucket_id, &bucket);
        self.accounts.save(bucket.flow.from, &payer);
        ev.push(
            BucketSettlePayment {
                bucket_id,
                cluster_id: bucket.cluster_id,
                value: st.cere,
            }
            .into(),
        );
        Ok(())
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

    pub fn bucket_get(&self, bucket_id: BucketId) -> Result<BucketStatus> {
        let bucket = self.buckets.get(bucket_id)?;
        let payer = self.accounts.get(bucket.flow.from)?;
        // Saturating: a deposit worth more than u128 holds covers the rent for ever, so an
        // accepted rate never makes a bucket unreadable or unlisted.
        let rent_covered_until_ms = covered_until(
            &payer.payable_schedule,
            payer.deposit.value,
            payer.settlement_carry,
            self.ledger.rate()?,
        )?;
        Ok(BucketStatus {
            bucket_id,
            bucket: BucketInStatus::from(&bucket),
            params: self.buckets.params(bucket_id)?,
            writer_ids: vec![bucket.owner_id],
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
