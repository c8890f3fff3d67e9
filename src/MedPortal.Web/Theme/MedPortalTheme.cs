using MudBlazor;

namespace MedPortal.Web.Theme;

/// <summary>
/// The clinic's one theme, light and dark from one definition. Colours are chosen for WCAG AA: the teal primary is 5.9:1
/// on white, its dark-mode tint 7:1 on the dark background, and secondary text stays above 4.5:1 in both.
/// </summary>
public static class MedPortalTheme
{
    /// <summary>The cookie that keeps a user's explicit light/dark choice (absent: follow the system setting).</summary>
    public const string Cookie = "MedPortalTheme";

    /// <summary>The theme.</summary>
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b6e78",
            Secondary = "#37474f",
            Error = "#b3261e",
            Warning = "#8a5300",
            Success = "#1e6b34",
            Info = "#0d4f8b",
            AppbarBackground = "#ffffff",
            AppbarText = "#1b2328",
            Background = "#f4f6f8",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1b2328",
            TextSecondary = "#4a5560",
            LinesDefault = "#c9d1d8",
            TableStriped = "#f5f7f9",
            BackgroundGray = "#eef1f4",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#5cc4cf",
            PrimaryContrastText = "#062a2e",
            Secondary = "#b0bec5",
            Error = "#ff8a80",
            Warning = "#ffb74d",
            Success = "#81c995",
            Info = "#8ab4f8",
            AppbarBackground = "#1b2328",
            AppbarText = "#e8edf0",
            Background = "#12171b",
            Surface = "#1b2328",
            DrawerBackground = "#1b2328",
            TextPrimary = "#e8edf0",
            TextSecondary = "#b7c2cb",
            LinesDefault = "#3a4650",
            TableStriped = "#20292f",
            BackgroundGray = "#232d33",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["DejaVu Sans", "system-ui", "sans-serif"] },
        },
    };
}
