-- DuckLake backend: author, message and JSON info recorded with the run's commit (its snapshot).
call ducklake_set_commit_message($alias, $author, $message, extra_info => $info)
