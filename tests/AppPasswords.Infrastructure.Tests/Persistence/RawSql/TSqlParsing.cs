using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace AppPasswords.Infrastructure.Tests.Persistence.RawSql;

/// <summary>
/// Microsoft's own T-SQL parser for SQL Server 2022 (the version docker-compose runs; <see cref="TSql160Parser"/>
/// refuses syntax newer servers added), quoted identifiers on as SqlClient sessions have them. Dynamic SQL in
/// <c>EXEC(N'...')</c>, which EF's idempotent scripts use for statements that must compile late, is parsed too.
/// </summary>
internal static class TSqlParsing
{
    public static IReadOnlyList<string> Errors(string sql)
    {
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        var found = errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}").ToList();
        if (found.Count == 0)
        {
            var dynamicSql = new DynamicSqlCollector();
            fragment.Accept(dynamicSql);
            found.AddRange(dynamicSql.Texts.SelectMany(text => Errors(text).Select(e => $"in EXEC('{Shorten(text)}'): {e}")));
        }

        return found;
    }

    /// <summary>Splits a script into its batches on lines that hold only GO, as sqlcmd and SSMS do.</summary>
    public static IReadOnlyList<string> Batches(string script)
    {
        var batches = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var line in script.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase))
            {
                Add();
            }
            else
            {
                current.Append(line).Append('\n');
            }
        }

        Add();
        return batches;

        void Add()
        {
            if (current.ToString().Trim().Length > 0)
            {
                batches.Add(current.ToString());
            }

            current.Clear();
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";

    private sealed class DynamicSqlCollector : TSqlFragmentVisitor
    {
        public List<string> Texts { get; } = [];

        public override void ExplicitVisit(ExecutableStringList node)
        {
            // EXEC(N'a' + N'b'): the statement is the concatenation; a variable part cannot be checked statically.
            if (node.Strings.All(s => s is StringLiteral))
            {
                Texts.Add(string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value)));
            }

            base.ExplicitVisit(node);
        }
    }
}
