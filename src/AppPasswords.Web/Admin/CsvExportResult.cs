using System.Text;
using AppPasswords.Core.Common;
using Microsoft.AspNetCore.Mvc;

namespace AppPasswords.Web.Admin;

/// <summary>
/// Streams a CSV download straight to the response body as rows are produced: nothing is buffered beyond the
/// writer's small buffer, so an export of a million rows runs in constant memory.
/// </summary>
internal sealed class CsvExportResult(string fileName, Func<CsvWriter, CancellationToken, Task> writeRows) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        var cancellationToken = context.HttpContext.RequestAborted;
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        await writeRows(new CsvWriter(writer), cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }
}
