using System.Text.RegularExpressions;
using AppPasswords.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AppPasswords.Infrastructure.Tests.Persistence.RawSql;

/// <summary>
/// Keeps raw SQL where <see cref="SqlServerSqlParseTests"/> and <see cref="SqliteSqlPrepareTests"/> find it: reads
/// every C# file under src (EF's generated migrations aside: the migration script test covers them) with Roslyn and
/// fails on SQL-looking string literals outside a <c>const string</c> of a <c>SqlServerSql</c>/<c>SqliteSql</c>
/// class, on a literal or interpolated string handed straight to a raw SQL API, and on such a class outside
/// AppPasswords.Infrastructure or holding anything but const strings.
/// </summary>
public partial class RawSqlConventionTests
{
    private static readonly string[] ConventionClasses = [RawSqlTexts.SqlServerClass, RawSqlTexts.SqliteClass];

    private static readonly HashSet<string> SqlSinks = new(StringComparer.Ordinal)
    {
        "ExecuteSql", "ExecuteSqlAsync", "ExecuteSqlRaw", "ExecuteSqlRawAsync", "ExecuteSqlInterpolated", "ExecuteSqlInterpolatedAsync",
        "SqlQuery", "SqlQueryRaw", "FromSql", "FromSqlRaw", "FromSqlInterpolated", "Sql", "sqlite3_prepare_v2", "sqlite3_prepare_v3",
    };

    [Fact]
    public void Sources_RawSql_OnlyInConventionConstants()
    {
        var problems = SourceFiles().SelectMany(Problems).ToList();

        Assert.True(problems.Count == 0, "Raw SQL outside the convention (a const string in a SqlServerSql or SqliteSql class in "
            + "AppPasswords.Infrastructure, see RawSqlTexts):\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Sources_SqlServerConstants_AreTheOnesTheParserTestCollects()
    {
        var declared = SourceFiles()
            .SelectMany(f => f.Root.DescendantNodes().OfType<ClassDeclarationSyntax>())
            .Where(c => c.Identifier.Text == RawSqlTexts.SqlServerClass)
            .SelectMany(c => c.Members.OfType<FieldDeclarationSyntax>().SelectMany(f => f.Declaration.Variables))
            .Select(v => v.Identifier.Text)
            .Order(StringComparer.Ordinal)
            .ToList();
        var collected = RawSqlTexts.Collect(RawSqlTexts.SqlServerClass)
            .Select(t => t.Name[(t.Name.LastIndexOf('.') + 1)..])
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, collected);
    }

    [Theory]
    [InlineData("""class A { void M(Db db) => db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;"); }""")]
    [InlineData("""class A { void M(Db db) => db.Database.ExecuteSqlRaw($"update t set a = {x}"); }""")]
    [InlineData("""class A { const string Q = "SELECT [Id] FROM [Users] WHERE [Id] = @id"; }""")]
    [InlineData("""class A { void M(C c) { c.CommandText = "DELETE FROM \"Users\""; } }""")]
    [InlineData(""""class A { static class SqlServerSql { public static readonly string Q = """UPDATE [Users] SET [Name] = @n"""; } }"""")]
    [InlineData("""class A { static class SqlServerSql { public const string Q = "x"; public static string Other() => Q; } }""")]
    [InlineData("""class A { string M() => "INSERT INTO [Users] ([Id]) VALUES (" + "@id)"; }""")]
    public void Problems_SqlOutsideConvention_Found(string source)
    {
        var file = Parse("src/AppPasswords.Infrastructure/Example.cs", source);

        Assert.NotEmpty(Problems(file));
    }

    [Theory]
    [InlineData("""class A { static class SqlServerSql { public const string Q = "SELECT [Id] FROM [Users] WHERE [Id] = {0}"; } void M(Db db) => db.Database.SqlQueryRaw<long>(SqlServerSql.Q, 1); }""")]
    [InlineData("""class A { string M() => "Select the method from the list to update it."; string N() => "Delete"; }""")]
    public void Problems_ConventionOrProse_NotFound(string source)
    {
        var file = Parse("src/AppPasswords.Infrastructure/Example.cs", source);

        Assert.Empty(Problems(file));
    }

    [Fact]
    public void Problems_ConventionClassOutsideInfrastructure_Found()
    {
        var file = Parse("src/AppPasswords.Web/Example.cs", """class A { static class SqlServerSql { public const string Q = "SELECT 1"; } }""");

        Assert.NotEmpty(Problems(file));
    }

    private sealed record SourceFile(string Path, SyntaxNode Root);

    private static SourceFile Parse(string path, string source) =>
        new(path, CSharpSyntaxTree.ParseText(source, path: path, cancellationToken: TestContext.Current.CancellationToken).GetRoot(TestContext.Current.CancellationToken));

    private static List<SourceFile> SourceFiles()
    {
        var root = RepositoryPaths.Root();
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(path => System.IO.Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal)
                && !GeneratedMigration().IsMatch(path))
            .Select(path => Parse(path, File.ReadAllText(System.IO.Path.Combine(root, path))))
            .ToList();
    }

    private static IEnumerable<string> Problems(SourceFile file)
    {
        foreach (var node in file.Root.DescendantNodes())
        {
            switch (node)
            {
                case ClassDeclarationSyntax c when ConventionClasses.Contains(c.Identifier.Text):
                    if (!file.Path.StartsWith("src/AppPasswords.Infrastructure/", StringComparison.Ordinal))
                    {
                        yield return $"{Where(file, c)}: {c.Identifier.Text} belongs in AppPasswords.Infrastructure";
                    }

                    foreach (var member in c.Members.Where(m => !IsConstString(m)))
                    {
                        yield return $"{Where(file, member)}: {c.Identifier.Text} may hold const strings only";
                    }

                    break;
                case LiteralExpressionSyntax or InterpolatedStringExpressionSyntax when LooksLikeSql(Text((ExpressionSyntax)node)) && !InConventionConstant(node):
                    yield return $"{Where(file, node)}: SQL in a string literal: {Shorten(Text((ExpressionSyntax)node))}";
                    break;
                case InvocationExpressionSyntax call when SqlSinks.Contains(MethodName(call)) && SqlArgument(call) is { } argument && IsInlineText(argument):
                    yield return $"{Where(file, call)}: text passed straight to {MethodName(call)}; use a convention constant";
                    break;
                case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.Text: "CommandText" } or IdentifierNameSyntax { Identifier.Text: "CommandText" } } assignment
                    when IsInlineText(assignment.Right):
                    yield return $"{Where(file, assignment)}: text assigned straight to CommandText; use a convention constant";
                    break;
            }
        }
    }

    private static bool IsConstString(MemberDeclarationSyntax member) =>
        member is FieldDeclarationSyntax field
        && field.Modifiers.Any(SyntaxKind.ConstKeyword)
        && field.Declaration.Type is PredefinedTypeSyntax { Keyword.Text: "string" };

    private static bool InConventionConstant(SyntaxNode node) =>
        node.FirstAncestorOrSelf<FieldDeclarationSyntax>() is { Parent: ClassDeclarationSyntax c } field
        && ConventionClasses.Contains(c.Identifier.Text)
        && IsConstString(field);

    private static string MethodName(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
        IdentifierNameSyntax i => i.Identifier.Text,
        GenericNameSyntax g => g.Identifier.Text,
        _ => "",
    };

    /// <summary>The SQL argument: the first, or the second for SQLitePCLRaw's prepare (connection first).</summary>
    private static ExpressionSyntax? SqlArgument(InvocationExpressionSyntax call)
    {
        var index = MethodName(call).StartsWith("sqlite3_", StringComparison.Ordinal) ? 1 : 0;
        return call.ArgumentList.Arguments.Count > index ? call.ArgumentList.Arguments[index].Expression : null;
    }

    /// <summary>A literal, an interpolated string, or an expression built from them (concatenation, ?:, parentheses).</summary>
    private static bool IsInlineText(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax l => l.IsKind(SyntaxKind.StringLiteralExpression),
        InterpolatedStringExpressionSyntax => true,
        ParenthesizedExpressionSyntax p => IsInlineText(p.Expression),
        BinaryExpressionSyntax b => IsInlineText(b.Left) || IsInlineText(b.Right),
        ConditionalExpressionSyntax c => IsInlineText(c.WhenTrue) || IsInlineText(c.WhenFalse),
        _ => false,
    };

    private static string Text(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax l when l.IsKind(SyntaxKind.StringLiteralExpression) || l.IsKind(SyntaxKind.Utf8StringLiteralExpression) => l.Token.ValueText,
        InterpolatedStringExpressionSyntax i => string.Concat(i.Contents.Select(c => c is InterpolatedStringTextSyntax t ? t.TextToken.ValueText : " x ")),
        _ => "",
    };

    private static bool LooksLikeSql(string text) => SqlPattern().IsMatch(text);

    private static string Where(SourceFile file, SyntaxNode node) =>
        $"{file.Path}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 80 ? line : line[..80] + "...";
    }

    [GeneratedRegex(@"^src/AppPasswords\.Migrations\.[^/]+/Migrations/")]
    private static partial Regex GeneratedMigration();

    // Statement shapes, not single words: "Select the method from the list" in prose does not match, "DELETE FROM x" does.
    [GeneratedRegex(
        @"\b(SELECT\s+(TOP\b|DISTINCT\b|COUNT|CAST|\*|\[|""|\d|@|[a-z_][\w.]*\s*(,|\bAS\b|\bFROM\b))|INSERT\s+INTO|UPDATE\s+\S+\s+SET\b|DELETE\s+FROM|MERGE\s+INTO|"
        + @"CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|VIEW|PROCEDURE|TRIGGER|SCHEMA)\b|ALTER\s+(TABLE|INDEX|DATABASE)\b|DROP\s+(TABLE|INDEX|VIEW)\b|TRUNCATE\s+TABLE|"
        + @"PRAGMA\s+\w|EXEC(UTE)?\s*\(|WITH\s+\w+\s+AS\s*\(|BEGIN\s+TRAN|sp_executesql)",
        RegexOptions.IgnoreCase)]
    private static partial Regex SqlPattern();
}
