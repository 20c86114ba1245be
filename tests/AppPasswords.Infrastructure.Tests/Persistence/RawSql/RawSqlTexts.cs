using System.Reflection;
using System.Text.RegularExpressions;
using AppPasswords.Infrastructure.Persistence;

namespace AppPasswords.Infrastructure.Tests.Persistence.RawSql;

/// <summary>
/// The raw SQL convention: every raw SQL text is a <c>const string</c> in a class named <see cref="SqlServerClass"/>
/// (T-SQL) or <see cref="SqliteClass"/> (SQLite) inside AppPasswords.Infrastructure, usually nested in the store
/// that runs it. <see cref="RawSqlConventionTests"/> fails on raw SQL anywhere else in src.
/// </summary>
internal static partial class RawSqlTexts
{
    public const string SqlServerClass = "SqlServerSql";
    public const string SqliteClass = "SqliteSql";

    public static Assembly Infrastructure => typeof(AppPasswordsDbContext).Assembly;

    /// <summary>"Type.Field" and text of every const string in every class named <paramref name="className"/>.</summary>
    public static IReadOnlyList<(string Name, string Text)> Collect(string className) =>
        Infrastructure.GetTypes()
            .Where(t => t.Name == className)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => ($"{t.FullName}.{f.Name}", (string)f.GetRawConstantValue()!)))
            .OrderBy(x => x.Item1, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The text as EF sends it: <c>SqlQueryRaw</c>/<c>ExecuteSqlRaw</c> turn the placeholders {0}, {1}, ... into the
    /// parameters @p0, @p1, ...
    /// </summary>
    public static string AsSent(string text) => Placeholder().Replace(text, m => "@p" + m.Groups[1].Value);

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();
}
