using AppPasswords.Core.Mfa;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.Mfa;

/// <summary>
/// Global: a signed-in user who has a sign-in method but whose session has not passed a second-factor check
/// is sent to <c>/Mfa/Verify</c>. Runs before <see cref="MfaRegistrationRequiredFilter"/>.
/// </summary>
internal sealed class SecondFactorRequiredFilter(IMfaMethodService methods, IServiceProvider services) : IAsyncPageFilter, IOrderedFilter
{
    public int Order => -2000;

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated == true && !MfaPaths.IsExemptFromSecondFactor(context.ActionDescriptor.ViewEnginePath)
            && services.GetService<ISecondFactorSession>() is { } sessions && user.GetSessionId() is { } sessionId
            && await sessions.GetLastVerifiedAtAsync(sessionId, context.HttpContext.RequestAborted) is null
            && (await methods.ListActiveAsync(user.GetUserId(), context.HttpContext.RequestAborted)).Count > 0)
        {
            context.Result = new RedirectResult(MfaPaths.WithReturnUrl(MfaPaths.Verify, context.HttpContext.Request));
            return;
        }

        await next();
    }
}

/// <summary>
/// Global: a signed-in user whose MFA registration is incomplete is sent to the "More information required"
/// interrupt at <c>/Mfa/Setup</c>, unless a "skip for now" is in force.
/// </summary>
internal sealed class MfaRegistrationRequiredFilter(IMfaRegistrationQuery registration, IMfaSkipService skips) : IAsyncPageFilter, IOrderedFilter
{
    public int Order => -1000;

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.HttpContext.User;
        var isAdvisory = context.ActionDescriptor.EndpointMetadata.OfType<RequireMfaRegistrationAttribute>().Any();
        if (!isAdvisory && user.Identity?.IsAuthenticated == true && !MfaPaths.IsExempt(context.ActionDescriptor.ViewEnginePath))
        {
            var userId = user.GetUserId();
            var ct = context.HttpContext.RequestAborted;
            if (!(await registration.GetStateAsync(userId, ct)).IsComplete && !(await skips.GetStatusAsync(userId, ct)).IsSkipping)
            {
                context.Result = new RedirectResult(MfaPaths.WithReturnUrl(MfaPaths.Setup, context.HttpContext.Request));
                return;
            }
        }

        await next();
    }
}

/// <summary>
/// On a page model: the page needs complete MFA registration, even while a "skip for now" is in force
/// (e.g. creating app passwords). Redirects to <c>/Mfa/Setup</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequireMfaRegistrationAttribute : Attribute, IAsyncPageFilter, IOrderedFilter
{
    public int Order => -900;

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var registration = context.HttpContext.RequestServices.GetRequiredService<IMfaRegistrationQuery>();
        if (context.HttpContext.User.Identity?.IsAuthenticated == true
            && !(await registration.GetStateAsync(context.HttpContext.User.GetUserId(), context.HttpContext.RequestAborted)).IsComplete)
        {
            context.Result = new RedirectResult(MfaPaths.WithReturnUrl(MfaPaths.Setup, context.HttpContext.Request));
            return;
        }

        await next();
    }
}

/// <summary>
/// On a page model: POST handlers (sensitive changes) need a second-factor check within <c>Mfa:StepUpMinutes</c>
/// (default 10) in this session; otherwise redirects to <c>/Mfa/Verify?returnUrl=</c> the page. Users without any
/// sign-in method (still registering) pass, as there is nothing to check them with.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequireRecentSecondFactorAttribute : Attribute, IAsyncPageFilter, IOrderedFilter
{
    public int Order => -800;

    /// <summary>Also enforce on GET (default: only on POST and other unsafe methods).</summary>
    public bool IncludeGet { get; set; }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if ((IncludeGet || !HttpMethods.IsGet(http.Request.Method)) && http.User.Identity?.IsAuthenticated == true
            && !await IsRecentAsync(http))
        {
            context.Result = new RedirectResult(MfaPaths.WithReturnUrl(MfaPaths.Verify, http.Request));
            return;
        }

        await next();
    }

    internal static async Task<bool> IsRecentAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var methods = services.GetRequiredService<IMfaMethodService>();
        if ((await methods.ListActiveAsync(http.User.GetUserId(), http.RequestAborted)).Count == 0)
        {
            return true;
        }

        if (services.GetService<ISecondFactorSession>() is not { } sessions || http.User.GetSessionId() is not { } sessionId)
        {
            return false;
        }

        var last = await sessions.GetLastVerifiedAtAsync(sessionId, http.RequestAborted);
        var window = TimeSpan.FromMinutes(services.GetRequiredService<IOptions<MfaOptions>>().Value.StepUpMinutes);
        return last is { } at && services.GetRequiredService<TimeProvider>().GetUtcNow() - at <= window;
    }
}

/// <summary>Marks page models whose POST handlers send or check codes; the MFA rate limiter applies to them.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class MfaRateLimitedAttribute : Attribute;

/// <summary>Pages that exist only in the Development environment answer 404 elsewhere.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class DevelopmentOnlyAttribute : Attribute, IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.HttpContext.RequestServices.GetRequiredService<IWebHostEnvironment>().IsDevelopment())
        {
            context.Result = new NotFoundResult();
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
