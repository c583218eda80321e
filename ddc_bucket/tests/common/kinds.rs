//! Buckets, clusters and nodes side by side, for the tests that ask the same of all three:
//! `get`, `list`, `change_params`, the error each returns, and the account that owns each
//! entity (a bucket's owner, a cluster's manager, a node's provider: what lists filter by).

use ddc_bucket::bucket::entity::BucketStatus;
use ddc_bucket::cluster::entity::ClusterStatus;
use ddc_bucket::core::Ddc;
use ddc_bucket::error::{Error, Result};
use ddc_bucket::events::{BucketParamsSet, ClusterParamsSet, Event, Events, NodeParamsSet};
use ddc_bucket::node::entity::NodeStatus;
use ddc_bucket::paging::ListResult;
use ddc_bucket::types::{AccountId, Ctx, Params};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bucket,
    Cluster,
    Node,
}

pub const KINDS: [Kind; 3] = [Kind::Bucket, Kind::Cluster, Kind::Node];

/// What `*_get` and `*_list` return, for any kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Bucket(BucketStatus),
    Cluster(ClusterStatus),
    Node(NodeStatus),
}

impl Status {
    pub fn id(&self) -> u32 {
        match self {
            Status::Bucket(s) => s.bucket_id,
            Status::Cluster(s) => s.cluster_id,
            Status::Node(s) => s.node_id,
        }
    }

    /// The account a list filters by.
    pub fn owner(&self) -> AccountId {
        match self {
            Status::Bucket(s) => s.bucket.owner_id,
            Status::Cluster(s) => s.cluster.manager_id,
            Status::Node(s) => s.node.provider_id,
        }
    }

    pub fn params(&self) -> &str {
        match self {
            Status::Bucket(s) => s.params.as_str(),
            Status::Cluster(s) => s.params.as_str(),
            Status::Node(s) => s.params.as_str(),
        }
    }
}

/// The ids of a page.
pub fn ids(page: &[Status]) -> Vec<u32> {
    page.iter().map(Status::id).collect()
}

fn statuses<T>(page: ListResult<T>, status: fn(T) -> Status) -> ListResult<Status> {
    page.map(|(items, max_id)| (items.into_iter().map(status).collect(), max_id))
}

impl Kind {
    pub fn get(self, d: &Ddc, id: u32) -> Result<Status> {
        match self {
            Kind::Bucket => d.bucket_get(id).map(Status::Bucket),
            Kind::Cluster => d.cluster_get(id).map(Status::Cluster),
            Kind::Node => d.node_get(id).map(Status::Node),
        }
    }

    pub fn list(
        self,
        d: &Ddc,
        offset: u32,
        limit: u32,
        filter: Option<AccountId>,
    ) -> ListResult<Status> {
        match self {
            Kind::Bucket => statuses(d.bucket_list(offset, limit, filter), Status::Bucket),
            Kind::Cluster => statuses(d.cluster_list(offset, limit, filter), Status::Cluster),
            Kind::Node => statuses(d.node_list(offset, limit, filter), Status::Node),
        }
    }

    pub fn change_params(
        self,
        d: &mut Ddc,
        c: Ctx,
        id: u32,
        params: Params,
        e: &mut Events,
    ) -> Result<()> {
        match self {
            Kind::Bucket => d.bucket_change_params(c, id, params, e),
            Kind::Cluster => d.cluster_change_params(c, id, params, e),
            Kind::Node => d.node_change_params(c, id, params, e),
        }
    }

    /// The event `change_params` emits.
    pub fn params_set(self, id: u32, params: Params) -> Event {
        match self {
            Kind::Bucket => BucketParamsSet {
                bucket_id: id,
                params,
            }
            .into(),
            Kind::Cluster => ClusterParamsSet {
                cluster_id: id,
                params,
            }
            .into(),
            Kind::Node => NodeParamsSet {
                node_id: id,
                params,
            }
            .into(),
        }
    }

    /// The error for an id that names no entity of this kind.
    pub fn does_not_exist(self) -> Error {
        match self {
            Kind::Bucket => Error::BucketDoesNotExist,
            Kind::Cluster => Error::ClusterDoesNotExist,
            Kind::Node => Error::NodeDoesNotExist,
        }
    }

    /// The error for a caller that does not own the entity.
    pub fn not_owner(self) -> Error {
        match self {
            Kind::Bucket => Error::UnauthorizedOwner,
            Kind::Cluster => Error::UnauthorizedClusterManager,
            Kind::Node => Error::UnauthorizedProvider,
        }
    }
}
