package store

// ProvisionBatchForTest is how many rows or keys provisioning sends in one
// statement.
const ProvisionBatchForTest = provisionBatch
