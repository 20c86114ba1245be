using System.Collections;
using AppPasswords.Checkpassword;
using Microsoft.Win32.SafeHandles;

// Usage (Dovecot appends the next program, normally checkpassword-reply):
//   apppasswords-checkpassword /etc/dovecot/apppasswords/checkpassword.conf <next-program> [args...]
// Standard error goes to Dovecot's log: nothing secret is ever written there.
if (args.Length < 2)
{
    await Console.Error.WriteLineAsync("usage: apppasswords-checkpassword <config-file> <next-program> [args...] (run by Dovecot's checkpassword passdb)");
    return CheckpasswordAdapter.TemporaryFailure;
}

AdapterConfiguration configuration;
try
{
    configuration = AdapterConfiguration.Parse(await File.ReadAllTextAsync(args[0]));
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
{
    await Console.Error.WriteLineAsync($"apppasswords-checkpassword: configuration {args[0]}: {e.Message}");
    return CheckpasswordAdapter.TemporaryFailure;
}

byte[] payload;
try
{
    payload = ReadFileDescriptor3();
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
{
    await Console.Error.WriteLineAsync("apppasswords-checkpassword: cannot read fd 3; this program is run by Dovecot's checkpassword passdb");
    return CheckpasswordAdapter.TemporaryFailure;
}

using var http = new HttpMessageInvoker(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false });
var adapter = new CheckpasswordAdapter(new VerifyClient(http, configuration), configuration, Console.Error);
var (exitCode, user) = await adapter.DecideAsync(payload, Environment.GetEnvironmentVariable, CancellationToken.None);
Array.Clear(payload);
if (exitCode != 0 || user is null)
{
    return exitCode;
}

var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .Where(e => (string)e.Key != "USER")
    .Select(e => $"{e.Key}={e.Value}")
    .Append($"USER={user}");
NativeExec.Replace(args[1..], environment);
await Console.Error.WriteLineAsync($"apppasswords-checkpassword: cannot execute {args[1]} (errno {NativeExec.LastError})");
return CheckpasswordAdapter.TemporaryFailure;

static byte[] ReadFileDescriptor3()
{
    using var handle = new SafeFileHandle(3, ownsHandle: true);
    using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
    var buffer = new byte[CheckpasswordRequest.MaxLength + 1];
    var length = 0;
    int read;
    while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
    {
        length += read;
    }

    return buffer[..length];
}
