// Which interpreter runs a program opened in the window: the build's own,
// another installed CPython (3.8 and later, on PATH or under pyenv), or none
// (the built-in model); the choice as QSettings remembers it.
#pragma once

#include <QList>
#include <QString>

#include <optional>
#include <string>

namespace arenascope::app {

struct Interpreter {
    enum class Kind { Build, Path, Model };
    Kind kind = Kind::Build;
    QString path;  // Kind::Path: the executable

    static Interpreter build() { return {}; }
    static Interpreter model() { return {Kind::Model, QString()}; }
    static Interpreter atPath(const QString& p) { return {Kind::Path, p}; }
    bool operator==(const Interpreter& o) const { return kind == o.kind && path == o.path; }

    // RecordOptions::python: none for the build's own.
    std::optional<std::string> python() const;
    // As menus name it (the path), and briefly ("Python 3.11.7").
    QString label() const;
    QString shortLabel() const;
    // How QSettings keeps it: "build", "model" or the path.
    QString key() const;
    static Interpreter fromKey(const QString& key);
};

// Whether this build can record with its own interpreter.
bool haveBuiltRecorder();
// The interpreters to offer: the build's own (when it has a recorder), every
// python3.X on PATH (pyenv's shims left out: its versions are listed
// themselves) and ~/.pyenv/versions/*/bin/python3, from 3.8 on, newest
// first, one entry per executable.
QList<Interpreter> installedInterpreters();

// The remembered choice; the built-in model when it was the build's own and
// this build has no recorder.
Interpreter chosenInterpreter();
void setChosenInterpreter(const Interpreter& i);

} // namespace arenascope::app
