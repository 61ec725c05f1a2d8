# Smoke test of the trace generator (no timings): a generated trace, text and
# gzip, must replay with 0 mismatches. Run by ctest as Bench.GeneratedTraceVerifies.
#   cmake -DGEN=... -DCLI=... -DOUT=DIR -P smoke.cmake
file(MAKE_DIRECTORY "${OUT}")
foreach(name small.trace small.trace.gz)
  execute_process(COMMAND "${GEN}" "${OUT}/${name}" --events 200000 --arenas 40
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "arenascope-gentrace failed (${rc}): ${out}${err}")
  endif()
  execute_process(COMMAND "${CLI}" verify "${OUT}/${name}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "events 200[0-9][0-9][0-9] predicted [0-9]+ mismatches 0")
    message(FATAL_ERROR "verify ${name} failed (${rc}): ${out}${err}")
  endif()
  message(STATUS "${name}: ${out}")
endforeach()
