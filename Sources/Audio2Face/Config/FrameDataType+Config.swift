import Audio2FaceTypes

/// `streaming.dtype` is read as one of the frame data type's names.
extension FrameDataType: ConfigEnum {}
