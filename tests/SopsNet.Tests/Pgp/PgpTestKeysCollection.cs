namespace SopsNet.Tests.Pgp;

[CollectionDefinition(PgpTestKeys.Collection)]
public sealed class PgpTestKeysCollection : ICollectionFixture<PgpTestKeys>;
