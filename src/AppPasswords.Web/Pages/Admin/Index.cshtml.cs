using AppPasswords.Core.Admin;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.Admin;

/// <summary>The admin dashboard: counts at a glance and app passwords created per day.</summary>
[Authorize(Policy = PortalPolicies.Admin)]
public class IndexModel(IAdminDashboardQuery dashboard) : PageModel
{
    public const int ChartDays = 14;

    /// <summary>Chart geometry in SVG user units (the SVG scales to its container).</summary>
    public const int ChartWidth = 560, ChartHeight = 160, ChartBarGap = 4, ChartLabelHeight = 20;

    public AdminDashboardStats Stats { get; private set; } = null!;

    public int ChartMax => Math.Max(1, Stats.AppPasswordsCreatedPerDay.Max(d => d.Count));

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Stats = await dashboard.GetAsync(ChartDays, cancellationToken);

    /// <summary>Height of a bar in user units, at least 1 for a non-zero count so it stays visible.</summary>
    public int BarHeight(int count) =>
        count == 0 ? 0 : Math.Max(1, (int)Math.Round((double)count * (ChartHeight - ChartLabelHeight) / ChartMax));
}
