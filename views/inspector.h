// The inspector: the selected arena, pool and block with CPython's own field
// names and values, and where the block came from in the trace.
#pragma once

#include "views/session.h"

#include <QTreeWidget>

namespace arenascope::views {

class Inspector : public QTreeWidget {
    Q_OBJECT
public:
    explicit Inspector(Session* session, QWidget* parent = nullptr);
    // The rows as "section/field = value" lines (for tests and copying).
    QStringList rows() const;

private:
    void refresh();
    Session* session_;
};

} // namespace arenascope::views
