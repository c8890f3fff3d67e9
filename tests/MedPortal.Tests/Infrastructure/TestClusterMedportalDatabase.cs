namespace MedPortal.Tests.Infrastructure;

/// <summary>
/// Tests that change the test cluster's own <c>medportal</c> database (its owner, a backup restored over it) run one
/// at a time; every other test has a database of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TestClusterMedportalDatabase
{
    public const string Name = "The test cluster's medportal database";
}
