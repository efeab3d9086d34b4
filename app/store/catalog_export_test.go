package store

// ProvisionBatchForTest is the fewest rows or keys provisioning puts in
// one statement on s's database: its inserts' or its lookups'.
func ProvisionBatchForTest(s *Storage) int { return min(s.specific.provisionBatch, lookupBatch) }
