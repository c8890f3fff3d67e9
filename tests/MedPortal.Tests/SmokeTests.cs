namespace MedPortal.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void CoreAssembly_Loads_HasName() => Assert.Equal("MedPortal.Core", typeof(MedPortal.Core.CoreAssembly).Assembly.GetName().Name);
}
