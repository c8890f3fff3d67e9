using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Browser;

/// <summary>The browser fixture with email on to a real local SMTP server (aiosmtpd) that the tests read mail from.</summary>
public abstract class SmtpBrowserFixture : BrowserFixture
{
    public SmtpTestServer Smtp { get; private set; } = null!;

    /// <summary>Settings besides the email ones.</summary>
    protected abstract IDictionary<string, string?> ExtraSettings { get; }

    protected sealed override IDictionary<string, string?>? Settings
    {
        get
        {
            var settings = AccountMail.Settings(Smtp);
            foreach (var (key, value) in ExtraSettings)
            {
                settings[key] = value;
            }
            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        Smtp = await SmtpTestServer.StartAsync();
        await base.InitializeAsync();
    }

    protected override async ValueTask DisposeExtraAsync() => await Smtp.DisposeAsync();
}
