package store

// ProvisionBatchForTest is how many rows or keys provisioning sends in one
// statement on s's database.
func ProvisionBatchForTest(s *Storage) int { return s.specific.provisionBatch }
