using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace AppPasswords.Infrastructure.Persistence;

/// <summary>
/// <c>NotIndexed(column)</c> in a LINQ query keeps the value and comparison of the column but stops the
/// database from choosing an index for that term. On SQLite it is the documented unary plus, <c>+(column)</c>
/// (same value, same collation); on SQL Server it is the bare column, whose optimizer picks its own plan.
/// Used where the application, not SQLite's planner, decides which index a query reads
/// (see <c>AppPasswordInventoryQuery</c> and docs/performance.md).
/// </summary>
public static class IndexHints
{
    private const string ServerOnly = "Only for use in LINQ queries translated by Entity Framework.";

    public static string NotIndexed(string value) => throw new InvalidOperationException(ServerOnly);

    public static Guid NotIndexed(Guid value) => throw new InvalidOperationException(ServerOnly);

    public static DateTimeOffset NotIndexed(DateTimeOffset value) => throw new InvalidOperationException(ServerOnly);

    public static DateTimeOffset? NotIndexed(DateTimeOffset? value) => throw new InvalidOperationException(ServerOnly);

    /// <summary>The overload for a column of type <paramref name="type"/>, or null when there is none.</summary>
    public static MethodInfo? For(Type type) => typeof(IndexHints).GetMethod(nameof(NotIndexed), [type]);

    internal static void Register(ModelBuilder modelBuilder, bool sqlite)
    {
        foreach (var method in typeof(IndexHints).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == nameof(NotIndexed)))
        {
            // EF wants the non-nullable type of a translated value. The argument is not declared as propagating null,
            // or EF would simplify "+(x) IS NULL" back to the indexable "x IS NULL".
            var type = Nullable.GetUnderlyingType(method.ReturnType) ?? method.ReturnType;
            modelBuilder.HasDbFunction(method).HasTranslation(args => sqlite
                ? new SqlFunctionExpression("+", args, nullable: true, argumentsPropagateNullability: [false], type, args[0].TypeMapping)
                : args[0]);
        }
    }
}
