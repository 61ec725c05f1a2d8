// The inspector: the selected arena, pool and block with CPython's own field
// names and values, and where the block came from in the trace.
#pragma once

#include "views/session.h"

#include <QTreeView>

namespace arenascope::views {

// A tree view over a model of its own rather than a QTreeWidget: QTreeWidget's
// model reports children under every column of a parent item, which
// QAbstractItemModelTester rejects.
class Inspector : public QTreeView {
    Q_OBJECT
public:
    explicit Inspector(Session* session, QWidget* parent = nullptr);
    // The rows as "section/field = value" lines (for tests and copying).
    QStringList rows() const;

private:
    struct Field {
        QString name;
        QString value;
    };
    struct Section {
        QString title;
        QList<Field> fields;
    };
    class Model;  // the sections as a two-level tree (inspector.cpp)

    void refresh();
    // The sections for the session's step and selection as they are now.
    QList<Section> sections() const;
    Session* session_;
    Model* model_;
};

} // namespace arenascope::views
