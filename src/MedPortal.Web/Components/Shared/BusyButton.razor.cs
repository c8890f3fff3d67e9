using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MedPortal.Web.Components.Shared;

/// <summary>A MudButton that shows a spinner and says what it is doing while its action runs, and cannot be pressed twice.</summary>
public partial class BusyButton
{
    /// <summary>The label.</summary>
    [Parameter, EditorRequired] public required string Text { get; set; }

    /// <summary>The label while busy (e.g. "Sending…").</summary>
    [Parameter] public string? BusyText { get; set; }

    /// <summary>True while the action runs.</summary>
    [Parameter] public bool Busy { get; set; }

    /// <summary>Disabled for another reason.</summary>
    [Parameter] public bool Disabled { get; set; }

    /// <summary>A Material icon (an <c>Icons.Material.*</c> SVG).</summary>
    [Parameter] public string? Icon { get; set; }

    /// <summary>Button or submit.</summary>
    [Parameter] public ButtonType ButtonType { get; set; } = ButtonType.Button;

    /// <summary>Filled by default: the page's main action.</summary>
    [Parameter] public Variant Variant { get; set; } = Variant.Filled;

    /// <summary>Primary by default.</summary>
    [Parameter] public Color Color { get; set; } = Color.Primary;

    /// <summary>Size.</summary>
    [Parameter] public Size Size { get; set; } = Size.Medium;

    /// <summary>What a press does.</summary>
    [Parameter] public EventCallback OnClick { get; set; }

    /// <summary>Other attributes (e.g. data-testid) go on the button.</summary>
    [Parameter(CaptureUnmatchedValues = true)] public IDictionary<string, object>? Attributes { get; set; }
}
