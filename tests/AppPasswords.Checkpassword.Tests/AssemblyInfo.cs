// Dovecot, checkpassword and Unix file modes: these tests are about a Linux mail server.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
