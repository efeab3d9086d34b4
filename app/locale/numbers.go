package locale

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// keyDecimalSeparator is the message id of the mark between a number's
// whole part and its decimals: "." in English, "," in German.
const keyDecimalSeparator = "number.decimal_separator"

// defaultDecimalSeparator stands in for a file without the key.
const defaultDecimalSeparator = "."

// keyGroupSeparator is the message id of the mark between a whole number's
// groups of three digits: "," in English (12,345), "." in German (12.345).
// A file without it groups no digits.
const keyGroupSeparator = "number.group_separator"

// loadDecimalSeparator reads the file's decimal separator, "." when it has
// none; one that is empty or holds a digit would garble every figure.
func loadDecimalSeparator(plain map[string]string) (string, error) {
	separator, ok := plain[keyDecimalSeparator]
	if !ok {
		return defaultDecimalSeparator, nil
	}
	if separator == "" || strings.ContainsAny(separator, "0123456789") {
		return "", fmt.Errorf("message %q: want a mark such as \".\" or \",\", got %q", keyDecimalSeparator, separator)
	}
	return separator, nil
}

// loadGroupSeparator reads the file's group separator, none when it has
// none; one that holds a digit, or is the decimal separator, would make
// numbers unreadable.
func loadGroupSeparator(plain map[string]string, decimal string) (string, error) {
	separator := plain[keyGroupSeparator]
	if strings.ContainsAny(separator, "0123456789") || (separator != "" && separator == decimal) {
		return "", fmt.Errorf("message %q: want a mark other than the decimal separator %q, such as \",\" or \".\", got %q", keyGroupSeparator, decimal, separator)
	}
	return separator, nil
}

// AppendInteger appends n with its digits grouped by three with the
// language's group separator: "8,640" in English, "8.640" in German.
func (l *Language) AppendInteger(dst []byte, n int64) []byte {
	start := len(dst)
	dst = strconv.AppendInt(dst, n, 10)
	if l.groupSeparator == "" {
		return dst
	}
	first := start
	if n < 0 {
		first++ // after the sign
	}
	for at := len(dst) - 3; at > first; at -= 3 {
		dst = insertAt(dst, at, l.groupSeparator)
	}
	return dst
}

// insertAt puts text before the byte at i, moving what follows.
func insertAt(dst []byte, i int, text string) []byte {
	end := len(dst)
	dst = append(dst, text...)
	copy(dst[i+len(text):], dst[i:end])
	copy(dst[i:], text)
	return dst
}

// Integer is AppendInteger as a string, for templates.
func (l *Language) Integer(n int64) string {
	var scratch [32]byte
	return string(l.AppendInteger(scratch[:0], n))
}

// AppendDecimal appends value with precision decimals and the language's
// decimal separator: "12.5" in English, "12,5" in German. It writes into
// dst's spare room, without allocating when dst has enough.
func (l *Language) AppendDecimal(dst []byte, value float64, precision int) []byte {
	start := len(dst)
	dst = strconv.AppendFloat(dst, value, 'f', precision, 64)
	if l.decimalSeparator == defaultDecimalSeparator {
		return dst
	}
	point := bytes.IndexByte(dst[start:], '.')
	if point < 0 {
		return dst
	}
	return replaceAt(dst, start+point, l.decimalSeparator)
}

// replaceAt puts text (not empty) in place of the byte at i, moving what
// follows.
func replaceAt(dst []byte, i int, text string) []byte {
	dst[i] = text[0]
	if len(text) == 1 {
		return dst
	}
	return insertAt(dst, i+1, text[1:])
}

// AppendPercent appends an availability figure: "100 %" when whole, else
// floored to three decimals, so 99.9996 never shows as a perfect 100:
// "99.999 %", "99,999 %".
func (l *Language) AppendPercent(dst []byte, p float64) []byte {
	if p >= 100 {
		return append(dst, "100 %"...)
	}
	dst = l.AppendDecimal(dst, math.Floor(p*1000)/1000, 3)
	return append(dst, " %"...)
}

// Percent is AppendPercent as a string, for templates.
func (l *Language) Percent(p float64) string {
	var scratch [16]byte
	return string(l.AppendPercent(scratch[:0], p))
}
