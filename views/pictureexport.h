// Writing a Picture to a file: PNG, SVG or PDF, chosen by the file's
// extension. Errors come back as a message naming the file.
#pragma once

#include "views/picture.h"

#include <optional>

namespace arenascope::views {

enum class PictureFormat { Png, Svg, Pdf };

// By extension (case-insensitive); nullopt when it is none of the three.
std::optional<PictureFormat> pictureFormatFor(const QString& path);

// Writes the picture; returns an empty string on success, else what went
// wrong ("cannot write FILE: reason").
QString writePicture(const Picture& picture, const QString& path);

} // namespace arenascope::views
