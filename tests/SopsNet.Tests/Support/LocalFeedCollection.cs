namespace SopsNet.Tests.Support;

/// <summary>The tests that use the packed packages share one pack, and run one at a time (each starts builds).</summary>
[CollectionDefinition(LocalFeed.Collection)]
public sealed class LocalFeedCollection : ICollectionFixture<LocalFeed>;
