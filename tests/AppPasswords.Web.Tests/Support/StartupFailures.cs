namespace AppPasswords.Web.Tests.Support;

/// <summary>The messages of a failed host start, inner and aggregated exceptions included, one per line.</summary>
internal static class StartupFailures
{
    public static string Flatten(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Flatten));
            }
        }

        return string.Join('\n', messages);
    }
}
