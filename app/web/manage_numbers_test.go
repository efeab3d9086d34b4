package web

import "strconv"

func strconvU(id uint) string { return strconv.FormatUint(uint64(id), 10) }

func parseUint(s string) (uint, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	return uint(n), err
}
