namespace AppPasswords.Testing;

/// <summary>Paths inside the repository the tests were built from.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding AppPasswords.sln above the test binaries.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AppPasswords.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No AppPasswords.sln above {AppContext.BaseDirectory}.");
    }
}
