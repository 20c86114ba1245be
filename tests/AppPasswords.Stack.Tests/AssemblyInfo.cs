// nginx, redis-server and Unix file modes: the stack under test is a Linux deployment.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
