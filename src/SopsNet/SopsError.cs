namespace SopsNet;

/// <summary>
/// What went wrong, numbered as sops's exit codes (cmd/sops/codes/codes.go) so every layer agrees on
/// them and the CLI can exit with the code sops users' scripts already check.
/// </summary>
public enum SopsError
{
    Generic = 1,
    CouldNotReadInputFile = 2,
    CouldNotWriteOutputFile = 3,
    ErrorDumpingTree = 4,
    InvalidKmsEncryptionContextFormat = 6,
    InvalidSetFormat = 7,
    ConflictingParameters = 8,
    ErrorEncryptingMac = 21,
    ErrorEncryptingTree = 23,
    ErrorDecryptingTree = 25,
    CannotChangeKeysFromNonExistentFile = 49,
    MacMismatch = 51,
    InvalidTreePathFormat = 91,
    NeedAtLeastOneDocument = 92,
    NoFileSpecified = 100,
    DuplicateDecryptionKeyType = 112,
    CouldNotRetrieveKey = 128,
    FileHasNotBeenModified = 200,
    NoEditorFound = 201,
    FailedToCompareVersions = 202,
    FileAlreadyEncrypted = 203,
}
