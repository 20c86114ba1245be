using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AppPasswords.Web.Tests.Localization;

/// <summary>
/// Every user-facing string exists in English and Simplified Chinese: the resource files agree key for key,
/// and every key the code uses is defined.
/// </summary>
public partial class ResourceTests
{
    private static readonly string WebRoot = Path.Combine(RepositoryRoot(), "src", "AppPasswords.Web");
    private static readonly string ResourcesRoot = Path.Combine(WebRoot, "Resources");

    public static TheoryData<string> NeutralResources() =>
        [.. Directory.EnumerateFiles(ResourcesRoot, "*.resx", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileNameWithoutExtension(f).Contains('.', StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(ResourcesRoot, f))
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> Views() =>
        [.. Directory.EnumerateFiles(Path.Combine(WebRoot, "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("_View", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(WebRoot, f))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(NeutralResources))]
    public void NeutralResource_HasChineseTwinWithSameKeysAndNoEmptyValues(string relativePath)
    {
        var neutral = Path.Combine(ResourcesRoot, relativePath);
        var chinese = Path.ChangeExtension(neutral, ".zh-CN.resx");

        Assert.True(File.Exists(chinese), $"{Path.GetRelativePath(WebRoot, chinese)} is missing: every neutral resource needs its zh-CN twin.");
        var english = ReadResx(neutral);
        var translated = ReadResx(chinese);
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), translated.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(english.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => $"{relativePath}: {e.Key}"));
        Assert.Empty(translated.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => $"{Path.GetFileName(chinese)}: {e.Key}"));
    }

    [Fact]
    public void ChineseResources_ExistOnlyBesideANeutralResource()
    {
        var orphans = Directory.EnumerateFiles(ResourcesRoot, "*.zh-CN.resx", SearchOption.AllDirectories)
            .Where(f => !File.Exists(f.Replace(".zh-CN.resx", ".resx", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(WebRoot, f));

        Assert.Empty(orphans);
    }

    [Theory]
    [MemberData(nameof(Views))]
    public void View_EveryLocalizerKey_ExistsInItsResource(string relativeView)
    {
        var used = ViewKeys().Matches(File.ReadAllText(Path.Combine(WebRoot, relativeView)))
            .Select(m => m.Groups["key"].Value)
            .ToHashSet(StringComparer.Ordinal);
        if (used.Count == 0)
        {
            return;
        }

        // Pages/X/Y.cshtml is localized by Resources/Pages/X/Y.resx (IViewLocalizer naming).
        var resource = Path.Combine(ResourcesRoot, Path.ChangeExtension(relativeView, ".resx"));
        Assert.True(File.Exists(resource), $"{relativeView} uses L[...] but {Path.GetRelativePath(WebRoot, resource)} does not exist.");
        var defined = ReadResx(resource).Keys.ToHashSet(StringComparer.Ordinal);
        Assert.Empty(used.Where(k => !defined.Contains(k)).Select(k => $"{relativeView}: L[\"{k}\"]"));
    }

    [Fact]
    public void CSharp_EveryErrorMessageAndLocalizerKey_ExistsInSharedResource()
    {
        // C# messages come from SharedResource or a feature's own resource class (e.g. Resources/Mfa/MfaResource);
        // view resources (Resources/Pages) are checked per view above.
        var defined = Directory.EnumerateFiles(ResourcesRoot, "*.resx", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(ResourcesRoot, f).StartsWith("Pages", StringComparison.Ordinal)
                && !Path.GetFileNameWithoutExtension(f).Contains('.', StringComparison.Ordinal))
            .SelectMany(f => ReadResx(f).Keys)
            .ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        var found = 0;
        foreach (var file in Directory.EnumerateFiles(WebRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match match in CodeKeys().Matches(File.ReadAllText(file)))
            {
                found++;
                var key = match.Groups["key"].Value;
                if (!defined.Contains(key))
                {
                    missing.Add($"{Path.GetRelativePath(WebRoot, file)}: \"{key}\"");
                }
            }
        }

        Assert.True(found > 0, "The scan found no keys at all: the patterns no longer match the code.");
        Assert.Empty(missing);
    }

    [Fact]
    public void SharedResourceMarker_MatchesResourceLocation()
    {
        Assert.Equal("AppPasswords.Web", typeof(SharedResource).Namespace);
        Assert.True(File.Exists(Path.Combine(ResourcesRoot, "SharedResource.resx")));
    }

    private static Dictionary<string, string> ReadResx(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .Where(d => d.Attribute("type") is null && d.Attribute("mimetype") is null)
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty, StringComparer.Ordinal);

    private static string RepositoryRoot()
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

    // L["Key"], L["Key", arg], L.GetString("Key"), L.GetHtml("Key") in a view.
    [GeneratedRegex("""\bL(?:\[\s*|\.Get(?:String|Html)\(\s*)"(?<key>[^"]+)"\s*[\],)]""")]
    private static partial Regex ViewKeys();

    // ErrorMessage = "Key", [Display(Name = "Key")], localizer["Key"] / _localizer["Key"] / stringLocalizer["Key"] in C#.
    [GeneratedRegex("""(?:\bErrorMessage\s*=\s*|\bDisplay\s*\(\s*Name\s*=\s*|\b\w*[Ll]ocalizer\s*\[\s*)"(?<key>[^"]+)"\s*""")]
    private static partial Regex CodeKeys();
}
