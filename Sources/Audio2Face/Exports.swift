/// The stream vocabulary (audio formats, WAV files, clips, client events and outputs) lives in its own
/// small target so that the client library can use it without the engines; every user of the core sees
/// it through the core's import.
@_exported import Audio2FaceTypes
