using System.Security.Cryptography;
using System.Text.Json;
using AppPasswords.Core.Security;
using AppPasswords.Infrastructure.Persistence;

namespace AppPasswords.Infrastructure.AppPasswords;

/// <summary>Builds the <see cref="IHashKeyRing"/> from configuration, or from a key file generated on first start.</summary>
internal static class HashKeyRingLoader
{
    public const string KeyFileName = "app-password-hash-keys.json";

    public static HashKeyRing Load(HashKeyOptions options, DatabaseOptions database, string contentRootPath)
    {
        if (options.Keys.Count > 0)
        {
            return FromOptions(options, "configuration section " + HashKeyOptions.SectionName);
        }

        if (database.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException(
                $"Configure {HashKeyOptions.SectionName} (CurrentKeyId and Keys with base64 secrets of 32+ bytes): every instance sharing a SQL Server database needs the same keys.");
        }

        var path = Path.Combine(Path.GetFullPath(Path.Combine(contentRootPath, database.DataDirectory)), KeyFileName);
        return FromOptions(LoadOrCreateFile(path), path);
    }

    private static HashKeyRing FromOptions(HashKeyOptions options, string source)
    {
        try
        {
            var keys = options.Keys.Select(k => new HashKey(k.Id, Convert.FromBase64String(k.Secret))).ToList();
            return new HashKeyRing(keys, options.CurrentKeyId ?? (keys.Count == 1 ? keys[0].Id : ""));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidOperationException($"Invalid app password hash keys in {source}: {e.Message}", e);
        }
    }

    private static HashKeyOptions LoadOrCreateFile(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var created = new HashKeyOptions
            {
                CurrentKeyId = "k1",
                Keys = [new HashKeyEntry { Id = "k1", Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }],
            };
            try
            {
                var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, fileOptions);
                JsonSerializer.Serialize(stream, created);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }

        using var read = File.OpenRead(path);
        return JsonSerializer.Deserialize<HashKeyOptions>(read) ?? throw new InvalidOperationException($"Empty hash key file {path}.");
    }
}
