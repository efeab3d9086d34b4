package templates

import "embed"

// MailFS holds the mail templates (templates/mail): each mail has a .txt
// (text/template) and a .html (html/template) file. app/notify/mail parses them.
//
//go:embed mail
var MailFS embed.FS
