using System.Runtime.InteropServices;

namespace AppPasswords.Checkpassword;

/// <summary>
/// <c>execve(2)</c>: the checkpassword protocol requires replacing this process with the next program, which inherits
/// fd 4 (where <c>checkpassword-reply</c> writes the user's fields) and the environment with <c>USER</c> set.
/// </summary>
internal static partial class NativeExec
{
    public static int LastError { get; private set; }

    /// <summary>Replaces the process; returns only when exec failed (see <see cref="LastError"/>).</summary>
    public static void Replace(IReadOnlyList<string> argv, IEnumerable<string> environment)
    {
        string?[] arguments = [.. argv, null];
        string?[] variables = [.. environment, null];
        _ = Execve(argv[0], arguments, variables);
        LastError = Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execve(string path, string?[] argv, string?[] envp);
}
