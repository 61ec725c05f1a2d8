# The layers point down (issue 12, item 4). Every #include in model/, views/,
# app/, recorder/ and bench/ is checked against the direction below; each
# violation is printed as FILE:LINE and the script fails if there is any.
# Run by ctest as Layers.IncludesPointDown, or by hand:
#   cmake -DSOURCE_DIR=/path/to/arenascope -P tests/check_layers.cmake
#
#   model/pymalloc <- model/trace <- model/program <- model/scenario <- model/session
#   model/ <- views/ <- app/ <- bench/       model/ <- recorder/ <- app/
#
# Nothing in model/ includes views/, app/, recorder/, bench/ or a Qt header;
# recorder/ is beside the model (the headless CLI links it), so no Qt there
# either. A new folder under model/ is in no layer until it is added here.
cmake_minimum_required(VERSION 3.21)

if(NOT SOURCE_DIR)
  get_filename_component(SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
endif()
get_filename_component(SOURCE_DIR "${SOURCE_DIR}" ABSOLUTE)
if(NOT IS_DIRECTORY "${SOURCE_DIR}/model")
  message(FATAL_ERROR "check_layers: ${SOURCE_DIR} has no model/ folder (set -DSOURCE_DIR)")
endif()

# What each layer may include, itself included. "Qt" stands for any <Q...> header.
set(model_layers model/pymalloc model/trace model/program model/scenario model/session)
set(allowed_model/pymalloc model/pymalloc)
set(allowed_model/trace    model/pymalloc model/trace)
set(allowed_model/program  model/pymalloc model/trace model/program)
set(allowed_model/scenario model/pymalloc model/trace model/program model/scenario)
set(allowed_model/session  ${model_layers})
set(allowed_views          ${model_layers} views Qt)
set(allowed_recorder       ${model_layers} recorder)
set(allowed_app            ${model_layers} views recorder app Qt)
set(allowed_bench          ${model_layers} views recorder app bench Qt)
set(scanned_dirs model views app recorder bench)
# Top-level folders an include can name; anything else is outside the project.
set(project_dirs model views app recorder bench tests)

# The layer of a path relative to SOURCE_DIR: model/<sub>, a top-level
# folder, or "" when it is outside the project.
function(layer_of path out)
  if(path MATCHES "^model/([^/]+)/")
    set(${out} "model/${CMAKE_MATCH_1}" PARENT_SCOPE)
  elseif(path MATCHES "^model/")
    set(${out} "model" PARENT_SCOPE)
  elseif(path MATCHES "^([^/]+)/")
    if(CMAKE_MATCH_1 IN_LIST project_dirs)
      set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
    else()
      set(${out} "" PARENT_SCOPE)
    endif()
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

set(files "")
foreach(dir IN LISTS scanned_dirs)
  file(GLOB_RECURSE found LIST_DIRECTORIES false RELATIVE "${SOURCE_DIR}"
       "${SOURCE_DIR}/${dir}/*.h" "${SOURCE_DIR}/${dir}/*.hpp"
       "${SOURCE_DIR}/${dir}/*.cpp" "${SOURCE_DIR}/${dir}/*.cc" "${SOURCE_DIR}/${dir}/*.c")
  list(APPEND files ${found})
endforeach()
# Build directories inside the tree (build/, build-*/) are not scanned: they
# are not under these folders, but a nested one could be.
list(FILTER files EXCLUDE REGEX "(^|/)build[^/]*/")
list(SORT files)
list(LENGTH files file_count)
if(file_count EQUAL 0)
  message(FATAL_ERROR "check_layers: no sources found under ${SOURCE_DIR}")
endif()

set(violations "")
set(include_count 0)
foreach(file IN LISTS files)
  layer_of("${file}" layer)
  if(NOT DEFINED allowed_${layer})
    list(APPEND violations "${file}:1: is in no known layer (${layer}), add it to tests/check_layers.cmake")
    continue()
  endif()
  set(allowed ${allowed_${layer}})
  get_filename_component(file_dir "${SOURCE_DIR}/${file}" DIRECTORY)

  file(READ "${SOURCE_DIR}/${file}" text)
  if(NOT text MATCHES "#[ \t]*include")
    continue()
  endif()
  # One list element per line: hide what CMake lists treat specially first.
  string(REPLACE "\\" "<bs>" text "${text}")
  string(REPLACE ";" "<sc>" text "${text}")
  string(REPLACE "[" "<lb>" text "${text}")
  string(REPLACE "]" "<rb>" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")

  set(line_no 0)
  foreach(line IN LISTS lines)
    math(EXPR line_no "${line_no} + 1")
    if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*([\"<])([^\">]+)[\">]")
      continue()
    endif()
    set(kind "${CMAKE_MATCH_1}")
    set(target "${CMAKE_MATCH_2}")
    math(EXPR include_count "${include_count} + 1")

    # Where the include lands: a quoted name is looked up next to the file
    # first (as the compiler does), then from the source root.
    set(target_layer "")
    set(resolved "")
    if(kind STREQUAL "\"" AND EXISTS "${file_dir}/${target}")
      get_filename_component(abs "${file_dir}/${target}" ABSOLUTE)
      file(RELATIVE_PATH resolved "${SOURCE_DIR}" "${abs}")
      if(resolved MATCHES "^\\.\\./")
        set(resolved "")
      endif()
    endif()
    if(resolved STREQUAL "" AND target MATCHES "^([^/]+)/" AND CMAKE_MATCH_1 IN_LIST project_dirs)
      set(resolved "${target}")
    endif()
    if(NOT resolved STREQUAL "")
      layer_of("${resolved}" target_layer)
    elseif(target MATCHES "^Q")
      set(target_layer "Qt")
    endif()

    if(target_layer STREQUAL "")
      continue() # the standard library, the system, a third-party header
    endif()
    if(NOT target_layer IN_LIST allowed)
      list(APPEND violations
           "${file}:${line_no}: includes ${target} (layer ${layer} may not include layer ${target_layer})")
    endif()
  endforeach()
endforeach()

list(LENGTH violations violation_count)
if(violation_count GREATER 0)
  foreach(v IN LISTS violations)
    message("${v}")
  endforeach()
  message(FATAL_ERROR "check_layers: ${violation_count} include(s) point the wrong way "
                      "(${file_count} files, ${include_count} includes checked)")
endif()
message(STATUS "check_layers: ${file_count} files, ${include_count} includes, all point down")
