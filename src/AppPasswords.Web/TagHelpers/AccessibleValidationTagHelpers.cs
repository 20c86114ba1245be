using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.TagHelpers;

/// <summary>
/// Ties a field's server-side validation message to its input for assistive technology: when the field is
/// invalid the input gets <c>aria-invalid="true"</c> and <c>aria-describedby</c> pointing at its message, which
/// <see cref="AccessibleValidationMessageTagHelper"/> gives the id <c>{input id}-error</c>. Runs after MVC's own
/// input tag helpers (their order is -1000), so the id they generate is already there.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttributeName)]
[HtmlTargetElement("select", Attributes = ForAttributeName)]
[HtmlTargetElement("textarea", Attributes = ForAttributeName)]
public sealed class AccessibleValidationInputTagHelper(IOptions<MvcViewOptions> viewOptions) : TagHelper
{
    private const string ForAttributeName = "asp-for";

    [HtmlAttributeName(ForAttributeName)]
    public ModelExpression? For { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext? ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (For is null || ViewContext is null)
        {
            return;
        }

        var fullName = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (ViewContext.ViewData.ModelState.GetFieldValidationState(fullName) != ModelValidationState.Invalid)
        {
            return;
        }

        output.Attributes.SetAttribute("aria-invalid", "true");
        var id = output.Attributes.TryGetAttribute("id", out var idAttribute) ? idAttribute.Value?.ToString() : null;
        id ??= AccessibleValidationMessageTagHelper.IdFor(fullName, viewOptions.Value);
        var errorId = AccessibleValidationMessageTagHelper.ErrorIdFor(id);
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) && existing.Value?.ToString() is { Length: > 0 } ids
            ? ids + " " + errorId
            : errorId;
        output.Attributes.SetAttribute("aria-describedby", describedBy);
    }
}

/// <summary>Gives every <c>asp-validation-for</c> message the id <c>{input id}-error</c> that the input refers to.</summary>
[HtmlTargetElement("span", Attributes = ForAttributeName)]
[HtmlTargetElement("div", Attributes = ForAttributeName)]
public sealed class AccessibleValidationMessageTagHelper(IOptions<MvcViewOptions> viewOptions) : TagHelper
{
    private const string ForAttributeName = "asp-validation-for";

    [HtmlAttributeName(ForAttributeName)]
    public ModelExpression? For { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext? ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (For is null || ViewContext is null || output.Attributes.ContainsName("id"))
        {
            return;
        }

        var fullName = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        output.Attributes.SetAttribute("id", ErrorIdFor(IdFor(fullName, viewOptions.Value)));
    }

    /// <summary>The id MVC's input tag helper generates for <paramref name="fullName"/>.</summary>
    internal static string IdFor(string fullName, MvcViewOptions options) =>
        TagBuilder.CreateSanitizedId(fullName, options.HtmlHelperOptions.IdAttributeDotReplacement);

    internal static string ErrorIdFor(string inputId) => inputId + "-error";
}
